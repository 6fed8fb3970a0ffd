import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStudy, RandomSampler, type Trial } from '../../src/tuning/index.js';

async function askOne(seed = 0): Promise<Trial> {
  const study = await createStudy({ sampler: new RandomSampler({ seed }) });
  return study.ask();
}

describe('Trial.suggest*', () => {
  test('suggesting the same name twice returns the first value', async () => {
    const trial = await askOne();
    const x = await trial.suggestFloat('x', 0, 1);
    assert.equal(await trial.suggestFloat('x', 0, 1), x);
    const c = await trial.suggestCategorical('c', ['a', 'b', 'c']);
    assert.equal(await trial.suggestCategorical('c', ['a', 'b', 'c']), c);
    assert.deepEqual(trial.params, { x, c });
  });

  test('redefining a name with another range or choices throws an error naming both', async () => {
    const trial = await askOne();
    await trial.suggestFloat('x', 0, 1);
    await assert.rejects(
      trial.suggestFloat('x', 0, 2),
      /'x' was suggested as float \[0, 1\] and now as float \[0, 2\]/,
    );
    await assert.rejects(trial.suggestInt('x', 0, 1), /'x' was suggested as float/);
    await trial.suggestCategorical('c', ['a', 'b']);
    await assert.rejects(trial.suggestCategorical('c', ['a', 'b', 'z']), /'c' was suggested as categorical/);
  });

  test('invalid ranges are refused with what to change', async () => {
    const trial = await askOne();
    await assert.rejects(trial.suggestFloat('a', 2, 1), /low \(2\) must not exceed high \(1\)/);
    await assert.rejects(trial.suggestFloat('b', 0, 1, { log: true }), /log-scale range needs low > 0/);
    await assert.rejects(
      trial.suggestFloat('c', 0.1, 1, { log: true, step: 0.1 }),
      /step \(0.1\) and log cannot be combined/,
    );
    await assert.rejects(trial.suggestInt('d', 0, 10, { log: true, step: 2 }), /step \(2\) and log cannot be combined/);
    await assert.rejects(trial.suggestInt('e', 0.5, 10), /integer low, high and step/);
    await assert.rejects(trial.suggestFloat('f', 0, 1, { step: 0 }), /step must be > 0/);
    await assert.rejects(trial.suggestCategorical('g', []), /at least one choice/);
    assert.deepEqual(trial.params, {}, 'nothing was recorded');
  });

  test('values respect int, step and log bounds over many trials', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    for (let i = 0; i < 200; i++) {
      const trial = await study.ask();
      const n = await trial.suggestInt('n', -3, 7);
      const even = await trial.suggestInt('even', 0, 10, { step: 2 });
      const units = await trial.suggestInt('units', 16, 256, { log: true });
      const q = await trial.suggestFloat('q', 0, 1, { step: 0.25 });
      const lr = await trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
      assert.ok(Number.isInteger(n) && n >= -3 && n <= 7);
      assert.ok(Number.isInteger(even) && even % 2 === 0 && even >= 0 && even <= 10);
      assert.ok(Number.isInteger(units) && units >= 16 && units <= 256);
      assert.ok([0, 0.25, 0.5, 0.75, 1].includes(q), `q=${q}`);
      assert.ok(lr >= 1e-5 && lr <= 1e-1);
      await study.tell(trial, 0);
    }
  });

  test('a high off the step grid is trimmed to the last grid point', async () => {
    const trial = await askOne();
    await trial.suggestFloat('x', 0, 1, { step: 0.3 });
    await trial.suggestInt('n', 0, 10, { step: 4 });
    const { x, n } = trial.distributions;
    assert.ok(x?.type === 'float' && Math.abs(x.high - 0.9) < 1e-12, `x.high=${x?.type === 'float' ? x.high : '?'}`);
    assert.ok(n?.type === 'int' && n.high === 8);
  });

  test('conditional parameters appear only in the branch that suggested them', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize(
      async (trial) => {
        const model = await trial.suggestCategorical('model', ['svm', 'forest']);
        if (model === 'svm') return await trial.suggestFloat('C', 1e-3, 1e3, { log: true });
        return await trial.suggestInt('depth', 1, 8);
      },
      { nTrials: 30 },
    );
    for (const trial of study.trials) {
      const expected = trial.params.model === 'svm' ? ['C', 'model'] : ['depth', 'model'];
      assert.deepEqual(Object.keys(trial.params).sort(), expected);
    }
    assert.ok(new Set(study.trials.map((t) => t.params.model)).size === 2, 'both branches ran');
  });
});
