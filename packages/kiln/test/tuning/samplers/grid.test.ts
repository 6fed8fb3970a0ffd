import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStudy, GridSampler } from '../../../src/tuning/index.js';

const searchSpace = { lr: [0.1, 0.01, 0.001], units: [32, 64], act: ['relu', 'tanh'] };

describe('GridSampler', () => {
  test('visits every point exactly once, then stops the study', async () => {
    const study = await createStudy({ sampler: new GridSampler(searchSpace, { seed: 1 }) });
    await study.optimize(
      async (trial) => {
        const lr = await trial.suggestFloat('lr', 0.001, 0.1, { log: true });
        const units = await trial.suggestInt('units', 32, 64);
        await trial.suggestCategorical('act', ['relu', 'tanh']);
        return lr * units;
      },
      { nTrials: 100 },
    );
    assert.equal(study.trials.length, 12, 'stopped after the 12 points');
    const points = new Set(study.trials.map((t) => JSON.stringify([t.params.lr, t.params.units, t.params.act])));
    assert.equal(points.size, 12);
  });

  test('concurrent workers take distinct points', async () => {
    const study = await createStudy({ sampler: new GridSampler(searchSpace, { seed: 2 }) });
    await study.optimize(
      async (trial) => {
        await trial.suggestCategorical('act', ['relu', 'tanh']);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return (await trial.suggestInt('units', 32, 64)) + (await trial.suggestFloat('lr', 0.001, 0.1));
      },
      { nTrials: 12, nJobs: 4 },
    );
    const points = new Set(study.trials.map((t) => t.systemAttrs.gridId));
    assert.equal(points.size, 12);
  });

  test('the same seed visits the grid in the same order', async () => {
    const order = async (seed: number) => {
      const study = await createStudy({ sampler: new GridSampler(searchSpace, { seed }) });
      await study.optimize(async (trial) => (await trial.suggestInt('units', 32, 64)) + 0, { nTrials: 12 });
      return study.trials.map((t) => t.systemAttrs.gridId);
    };
    assert.deepEqual(await order(3), await order(3));
  });

  test('a parameter outside the grid is a clear error', async () => {
    const study = await createStudy({ sampler: new GridSampler(searchSpace) });
    const trial = await study.ask();
    await assert.rejects(
      trial.suggestFloat('dropout', 0, 0.5),
      /'dropout' \(float\) is not in the grid \[act, lr, units\]/,
    );
  });
});
