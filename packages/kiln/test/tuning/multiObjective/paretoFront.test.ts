import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FrozenTrial, TrialState } from '../../../src/tuning/index.js';
import { frozenTrial } from '../frozenTrialFixture.js';
import { dominates, toLosses } from '../../../src/tuning/multiObjective/dominance.js';
import { nonDominatedRanks } from '../../../src/tuning/multiObjective/nonDominatedSort.js';
import { nonDominatedIndices, paretoFrontTrials } from '../../../src/tuning/multiObjective/paretoFront.js';

function trial(number: number, values: number[] | null, state: TrialState = 'COMPLETE'): FrozenTrial {
  return frozenTrial({ number, values, state });
}

describe('dominance', () => {
  test('no worse everywhere and better somewhere dominates; equal does not', () => {
    assert.equal(dominates([1, 2], [1, 3]), true);
    assert.equal(dominates([1, 3], [1, 2]), false);
    assert.equal(dominates([1, 2], [1, 2]), false);
    assert.equal(dominates([0, 3], [1, 2]), false);
  });

  test('maximized objectives become losses by changing sign', () => {
    assert.deepEqual(toLosses([0.9, 100], ['maximize', 'minimize']), [-0.9, 100]);
  });
});

describe('nonDominatedRanks', () => {
  test('fronts peel off in order; equal points share a rank', () => {
    const points = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [4, 4],
      [2, 2],
      [5, 5],
    ];
    assert.deepEqual(nonDominatedRanks(points), [0, 0, 0, 1, 2, 0, 3]);
  });

  test('stops once enough points are ranked, leaving the rest at -1', () => {
    assert.deepEqual(
      nonDominatedRanks(
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        2,
      ),
      [0, 1, -1],
    );
  });
});

describe('paretoFrontTrials', () => {
  test('keeps the COMPLETE trials no other dominates, with mixed directions, in trial order', () => {
    // Maximize accuracy, minimize parameters.
    const trials = [
      trial(0, [0.8, 1000]),
      trial(1, [0.9, 5000]),
      trial(2, [0.7, 2000]), // dominated by 0
      trial(3, [0.95, 9000]),
      trial(4, [0.99, 100], 'RUNNING'),
      trial(5, null, 'FAIL'),
      trial(6, [0.9, 5000]), // equal to 1: both stay
      trial(7, [0.85, 5000]), // dominated by 1
    ];
    assert.deepEqual(
      paretoFrontTrials(trials, ['maximize', 'minimize']).map((t) => t.number),
      [0, 1, 3, 6],
    );
  });
});

describe('nonDominatedIndices', () => {
  test('is the first front of nonDominatedRanks, in lexicographic order of the losses (equal ones by index)', () => {
    assert.deepEqual(
      nonDominatedIndices([
        [4, 1],
        [1, 4],
        [2, 2],
        [3, 3],
        [2, 2],
      ]),
      [1, 2, 4, 0],
    );
    // Random 2-D and 3-D integer points, many of them equal: the same set as rank 0.
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) % 6;
    for (const dimensions of [2, 3])
      for (let round = 0; round < 20; round++) {
        const points = Array.from({ length: 40 }, () => Array.from({ length: dimensions }, next));
        const rankZero = nonDominatedRanks(points).flatMap((rank, index) => (rank === 0 ? [index] : []));
        assert.deepEqual(
          [...nonDominatedIndices(points)].sort((a, b) => a - b),
          rankZero,
        );
      }
  });
});
