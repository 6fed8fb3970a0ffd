import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStudy, RandomSampler, type Trial } from '../../../src/tuning/index.js';

async function space(trial: Trial): Promise<number> {
  const x = await trial.suggestFloat('x', -1, 1);
  const n = await trial.suggestInt('n', 1, 100, { log: true });
  const c = await trial.suggestCategorical('c', ['a', 'b', 'c']);
  return x + n + c.length;
}

async function run(seed: number): Promise<unknown[]> {
  const study = await createStudy({ sampler: new RandomSampler({ seed }) });
  await study.optimize(space, { nTrials: 30 });
  return study.trials.map((t) => t.params);
}

describe('RandomSampler', () => {
  test('the same seed gives the same sequence, another seed another one', async () => {
    assert.deepEqual(await run(7), await run(7));
    assert.notDeepEqual(await run(7), await run(8));
  });

  test('log-scale ints cover the range evenly in log space', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(async (trial) => trial.suggestInt('n', 1, 1000, { log: true }), { nTrials: 600 });
    const values = study.trials.map((t) => t.params.n as number);
    assert.ok(values.every((v) => Number.isInteger(v) && v >= 1 && v <= 1000));
    const small = values.filter((v) => v <= 31).length;
    // Half of the log range lies below sqrt(1000) ~ 31.6.
    assert.ok(small > 240 && small < 360, `${small} of 600 at or below 31`);
  });
});
