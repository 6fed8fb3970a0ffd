import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution } from '../../../../src/tuning/distributions.js';
import type { FrozenTrial, TrialState } from '../../../../src/tuning/frozenTrial.js';
import { frozenTrial } from '../../frozenTrialFixture.js';
import { collectObservations, splitObservations } from '../../../../src/tuning/samplers/tpe/observations.js';

const x: Distribution = { type: 'float', low: 0, high: 10, log: false };

function trial(
  number: number,
  state: TrialState,
  xValue: number | undefined,
  value: number | null,
  reports: Record<number, number> = {},
): FrozenTrial {
  return frozenTrial({
    number,
    state,
    value,
    params: xValue === undefined ? {} : { x: xValue },
    distributions: xValue === undefined ? {} : { x },
    intermediateValues: new Map(Object.entries(reports).map(([step, v]) => [Number(step), v])),
  });
}

describe('TPE observations', () => {
  const trials = [
    trial(0, 'COMPLETE', 1, 5),
    trial(1, 'PRUNED', 2, null, { 0: 0.1, 3: 0.4 }), // got to step 3
    trial(2, 'COMPLETE', 3, 9),
    trial(3, 'PRUNED', 4, null, { 0: 0.01 }), // stopped at step 0, with a better value
    trial(4, 'FAIL', 5, null),
    trial(5, 'RUNNING', 6, null),
    trial(6, 'COMPLETE', undefined, 0), // did not sample x
    trial(7, 'COMPLETE', 12, 0), // outside the current range
  ];

  test('COMPLETE rank before PRUNED, pruned trials by how far they got; FAIL, missing and out-of-range values are left out', () => {
    const observations = collectObservations(trials, { x }, 'minimize', 99, false);
    assert.deepEqual(Array.from(observations.values.x!), [1, 2, 3, 4]);
    assert.equal(observations.finished, 4);
    const [below, above] = splitObservations(observations, 3);
    assert.deepEqual(Array.from(below.x!), [1, 2, 3], 'both COMPLETE, then the one pruned at step 3');
    assert.deepEqual(Array.from(above.x!), [4]);
  });

  test('maximize ranks the larger value first', () => {
    const [below] = splitObservations(collectObservations(trials, { x }, 'maximize', 99, false), 1);
    assert.deepEqual(Array.from(below.x!), [3]);
  });

  test('with the constant liar, other RUNNING trials count, as the worst, and not toward start-up', () => {
    const observations = collectObservations(trials, { x }, 'minimize', 99, true);
    assert.deepEqual(Array.from(observations.values.x!), [1, 2, 3, 4, 6]);
    assert.equal(observations.finished, 4);
    const [, above] = splitObservations(observations, 4);
    assert.deepEqual(Array.from(above.x!), [6]);
    const ownTrial = collectObservations(trials, { x }, 'minimize', 5, true);
    assert.deepEqual(Array.from(ownTrial.values.x!), [1, 2, 3, 4], 'the asking trial itself is not a lie');
  });
});
