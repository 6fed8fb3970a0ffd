import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FrozenTrial } from '../../../../src/tuning/index.js';
import { frozenTrial } from '../../frozenTrialFixture.js';
import { crowdingDistances, selectElitePopulation } from '../../../../src/tuning/samplers/nsgaII/elitePopulation.js';

function complete(number: number, values: number[]): FrozenTrial {
  return frozenTrial({ number, values });
}

describe('crowdingDistances', () => {
  test('extremes are infinite; inner points sum their neighbours gaps over each range', () => {
    // Objective 1 range 4, objective 2 range 4: the middle points get (2/4 + 2/4) and (2/4 + 2/4)... by hand:
    // sorted by f1: a(0,4) b(1,3) c(3,1) d(4,0): b: (3-0)/4 + (4-1)/4 = 1.5; c: (4-1)/4 + (3-0)/4 = 1.5.
    assert.deepEqual(
      crowdingDistances([
        [0, 4],
        [1, 3],
        [3, 1],
        [4, 0],
      ]),
      [Infinity, 1.5, 1.5, Infinity],
    );
    // An uneven front: b is crowded by a, c is not: b = (2-0)/4 + (4-2)/4... sorted a(0,4) b(0.5,3.5) c(2,2) d(4,0).
    assert.deepEqual(
      crowdingDistances([
        [0, 4],
        [0.5, 3.5],
        [2, 2],
        [4, 0],
      ]),
      [Infinity, (2 - 0) / 4 + (4 - 2) / 4, (4 - 0.5) / 4 + (3.5 - 0) / 4, Infinity],
    );
  });
});

describe('selectElitePopulation', () => {
  test('takes whole fronts first, then the least crowded of the front that does not fit', () => {
    const population = [
      complete(0, [0, 4]),
      complete(1, [0.5, 3.5]),
      complete(2, [2, 2]),
      complete(3, [4, 0]),
      complete(4, [5, 5]), // second front
    ];
    const elite = selectElitePopulation(population, ['minimize', 'minimize'], 3);
    // The first front has 4 members for 3 places: both extremes, then c (less crowded than b).
    assert.deepEqual(elite.map((t) => t.number).sort(), [0, 2, 3]);
    assert.deepEqual(
      selectElitePopulation(population, ['minimize', 'minimize'], 5)
        .map((t) => t.number)
        .sort(),
      [0, 1, 2, 3, 4],
    );
  });

  test('maximized objectives count the other way round', () => {
    const population = [complete(0, [1, 1]), complete(1, [2, 2])];
    assert.deepEqual(
      selectElitePopulation(population, ['maximize', 'maximize'], 1).map((t) => t.number),
      [1],
    );
  });
});
