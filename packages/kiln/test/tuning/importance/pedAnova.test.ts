import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Distribution, ParamValue } from '../../../src/tuning/distributions.js';
import type { FrozenTrial } from '../../../src/tuning/frozenTrial.js';
import { frozenTrial } from '../frozenTrialFixture.js';
import { pedAnovaImportances } from '../../../src/tuning/importance/pedAnova.js';
import { SeededRandom } from '../../../src/tuning/seededRandom.js';

function completeTrial(
  number: number,
  params: Record<string, ParamValue>,
  value: number,
  distributions: Record<string, Distribution>,
): FrozenTrial {
  return frozenTrial({ number, params, value, distributions });
}

const space: Record<string, Distribution> = {
  x: { type: 'float', low: -5, high: 5, log: false },
  y: { type: 'float', low: -5, high: 5, log: false },
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
};

/** f = x² + 0.01·y + 0.01·[kind] (lr plays no part): only x decides which trials are best. */
function randomTrials(count: number, seed: number): FrozenTrial[] {
  const stream = new SeededRandom(seed);
  const random = (): number => stream.random();
  return Array.from({ length: count }, (_, number) => {
    const x = -5 + 10 * random();
    const y = -5 + 10 * random();
    const lr = Math.exp(Math.log(1e-5) + random() * Math.log(1e4));
    const kind = ['a', 'b', 'c'][Math.floor(random() * 3)]!;
    return completeTrial(number, { x, y, lr, kind }, x * x + 0.01 * y + 0.01 * 'abc'.indexOf(kind), space);
  });
}

test('pedAnovaImportances gives the parameter that decides the objective most of the importance', () => {
  const importances = pedAnovaImportances(randomTrials(300, 3), 'minimize');
  assert.deepEqual(Object.keys(importances).sort(), ['kind', 'lr', 'x', 'y']);
  assert.equal(Object.keys(importances)[0], 'x', JSON.stringify(importances));
  assert.ok(importances.x! > 0.6, JSON.stringify(importances));
  const sum = Object.values(importances).reduce((total, value) => total + value, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9);
});

test('pedAnovaImportances ranks by the best trials of the direction: maximizing -f still makes x the important one', () => {
  const negated = randomTrials(300, 5).map((trial) => ({ ...trial, value: -trial.value! }));
  assert.equal(Object.keys(pedAnovaImportances(negated, 'maximize'))[0], 'x');
});

test('pedAnovaImportances finds an important categorical parameter and ignores unfinished trials', () => {
  const trials = randomTrials(200, 7).map((trial) => ({
    ...trial,
    value: trial.params.kind === 'b' ? 0 : 1 + 0.001 * (trial.params.x as number),
  }));
  const running: FrozenTrial = { ...trials[0]!, number: 999, state: 'RUNNING', value: null };
  assert.equal(Object.keys(pedAnovaImportances([...trials, running], 'minimize'))[0], 'kind');
});

test('pedAnovaImportances returns nothing for fewer than 4 completed trials and checks its quantile', () => {
  assert.deepEqual(pedAnovaImportances(randomTrials(3, 1), 'minimize'), {});
  assert.throws(() => pedAnovaImportances(randomTrials(10, 1), 'minimize', { targetQuantile: 1 }), /targetQuantile/);
});
