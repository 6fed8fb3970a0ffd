import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createStudy,
  RandomSampler,
  TPESampler,
  WARM_START_SOURCE,
  type FrozenTrial,
  type Trial,
} from '../../src/tuning/index.js';

const quadratic = async (trial: Trial): Promise<number> => ((await trial.suggestFloat('x', -10, 10)) - 3) ** 2;

describe('warm start', () => {
  test('addTrial records known results as finished trials the study ranks with its own', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const distributions = { x: { type: 'float', low: -10, high: 10, log: false } } as const;
    const numbers = await study.addTrials([
      { params: { x: 2.9 }, distributions, value: 0.01 },
      { state: 'PRUNED', params: { x: -9 }, distributions, intermediateValues: new Map([[0, 144]]) },
    ]);
    assert.deepEqual(numbers, [0, 1]);
    assert.equal(study.bestValue, 0.01);
    assert.equal(study.trials[1]!.state, 'PRUNED');
    assert.deepEqual([...study.trials[1]!.intermediateValues], [[0, 144]]);
    await study.optimize(quadratic, { nTrials: 3 });
    assert.deepEqual(
      study.trials.map((t) => t.number),
      [0, 1, 2, 3, 4],
    );
  });

  test('addTrial refuses a COMPLETE trial without a value and a parameter outside its distribution', async () => {
    const study = await createStudy();
    const distributions = { x: { type: 'float', low: 0, high: 1, log: false } } as const;
    await assert.rejects(study.addTrial({ params: { x: 0.5 }, distributions }), /needs a numeric value/);
    await assert.rejects(study.addTrial({ params: { x: 2 }, distributions, value: 1 }), /outside its float \[0, 1\]/);
    await assert.rejects(study.addTrial({ params: { y: 2 }, distributions, value: 1 }), /'y' has no distribution/);
    assert.equal((await study.getTrials()).length, 0);
  });

  test("warmStartFrom copies another study's COMPLETE and PRUNED trials with their source, and TPE models them at once", async () => {
    const source = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await source.optimize(
      async (trial) => {
        if (trial.number === 3) throw new Error('broken run');
        return quadratic(trial);
      },
      { nTrials: 20 },
    );
    const target = await createStudy({ sampler: new TPESampler({ seed: 3, nStartupTrials: 10 }) });
    assert.equal(await target.warmStartFrom(source), 19);
    const copied: FrozenTrial[] = await target.getTrials();
    assert.deepEqual(copied[0]!.systemAttrs[WARM_START_SOURCE], { study: source.studyName, number: 0 });
    assert.deepEqual(
      copied.map((t) => t.params.x),
      source.trials.filter((t) => t.state === 'COMPLETE').map((t) => t.params.x),
    );
    // With 19 observations already, TPE models from the first new trial: its 10 proposals
    // concentrate near the source's best instead of spreading like random ones.
    await target.optimize(quadratic, { nTrials: 10 });
    const proposals = target.trials.slice(19).map((t) => Math.abs((t.params.x as number) - 3));
    const median = [...proposals].sort((a, b) => a - b)[5]!;
    assert.ok(median < 2, `median distance to the optimum ${median.toFixed(2)}`);
  });
});
