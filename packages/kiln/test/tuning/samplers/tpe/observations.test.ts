import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution } from '../../../../src/tuning/distributions.js';
import type { FrozenTrial, TrialState } from '../../../../src/tuning/frozenTrial.js';
import { frozenTrial } from '../../frozenTrialFixture.js';
import { collectObservations, splitObservations } from '../../../../src/tuning/samplers/tpe/observations.js';
import type { ParzenEstimatorParameters } from '../../../../src/tuning/samplers/tpe/parzenEstimator.js';

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
    const [below, above] = splitObservations(observations, 3).split;
    assert.deepEqual(Array.from(below.x!), [1, 2, 3], 'both COMPLETE, then the one pruned at step 3');
    assert.deepEqual(Array.from(above.x!), [4]);
  });

  test('maximize ranks the larger value first', () => {
    const [below] = splitObservations(collectObservations(trials, { x }, 'maximize', 99, false), 1).split;
    assert.deepEqual(Array.from(below.x!), [3]);
  });

  test('with the constant liar, other RUNNING trials count, as the worst, and not toward start-up', () => {
    const observations = collectObservations(trials, { x }, 'minimize', 99, true);
    assert.deepEqual(Array.from(observations.values.x!), [1, 2, 3, 4, 6]);
    assert.equal(observations.finished, 4);
    const [, above] = splitObservations(observations, 4).split;
    assert.deepEqual(Array.from(above.x!), [6]);
    const ownTrial = collectObservations(trials, { x }, 'minimize', 5, true);
    assert.deepEqual(Array.from(ownTrial.values.x!), [1, 2, 3, 4], 'the asking trial itself is not a lie');
  });
  test("EI weights: each good trial's improvement on the best trial left out, in trial order; null where losses do not compare", () => {
    const complete = (values: number[], direction: 'minimize' | 'maximize' = 'minimize') =>
      collectObservations(
        values.map((value, i) => trial(i, 'COMPLETE', i, value)),
        { x },
        direction,
        99,
        false,
      );
    const base: ParzenEstimatorParameters = {
      considerPrior: true,
      priorWeight: 1,
      categoricalPriorWeight: 1,
      considerMagicClip: true,
      considerEndpoints: false,
      weights: (n) => new Array<number>(n).fill(1),
      multivariate: true,
    };
    /** The good kernels' weights with EI weights on, or null where the given parameters stay. */
    const improvementWeights = (observations: ReturnType<typeof complete>, nBelow: number): number[] | null => {
      const good = splitObservations(observations, nBelow, true).goodParameters(base);
      return good === base ? null : good.weights(nBelow);
    };
    const observations = complete([5, 3, 9, 1, 7]);
    assert.deepEqual(
      Array.from(splitObservations(observations, 2, true).split[0].x!),
      [1, 3],
      'the good trials, in trial order',
    );
    assert.deepEqual(
      improvementWeights(observations, 2),
      [2, 4],
      'threshold 5: trial 1 (3) improves by 2, trial 3 (1) by 4',
    );
    assert.equal(splitObservations(observations, 2, true).goodParameters(base).priorWeight, 3, 'the prior: their mean');
    assert.equal(splitObservations(observations, 2).goodParameters(base), base, 'without EI weights');
    assert.deepEqual(
      improvementWeights(complete([5, 3, 9, 1, 7], 'maximize'), 2),
      [4, 2],
      'maximize: trial 2 (9) beats 5 by 4, trial 4 (7) by 2',
    );
    assert.equal(improvementWeights(observations, 5), null, 'no trial left out to set the threshold');
    assert.equal(improvementWeights(complete([2, 2, 2]), 1), null, 'no good trial beats the threshold');
    const withPruned = collectObservations(trials, { x }, 'minimize', 99, false);
    assert.equal(improvementWeights(withPruned, 2), null, 'a PRUNED trial is the threshold');
    assert.deepEqual(improvementWeights(withPruned, 1), [4], 'both COMPLETE: 9 - 5');
  });
});
