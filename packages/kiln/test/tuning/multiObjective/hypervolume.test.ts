import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hypervolume, hypervolumeContributions } from '../../../src/tuning/multiObjective/hypervolume.js';
import { SeededRandom } from '../../../src/tuning/seededRandom.js';

/** The volume dominated by integer points inside [0, size)^d, counted cell by cell. */
function countedVolume(points: number[][], size: number, dimensions: number): number {
  let count = 0;
  const cell = new Array<number>(dimensions).fill(0);
  const total = size ** dimensions;
  for (let index = 0; index < total; index++) {
    let rest = index;
    for (let d = 0; d < dimensions; d++) {
      cell[d] = rest % size;
      rest = Math.floor(rest / size);
    }
    // The unit cell [c, c + 1) is dominated when some point lies at or below its lower corner.
    if (points.some((p) => p.every((v, d) => v <= cell[d]!))) count += 1;
  }
  return count;
}

describe('hypervolume', () => {
  test('2-D: a staircase of three points against (4, 4) covers 6', () => {
    assert.equal(
      hypervolume(
        [
          [1, 3],
          [2, 2],
          [3, 1],
        ],
        [4, 4],
      ),
      6,
    );
  });

  test('2-D: dominated and repeated points add nothing; points outside the reference point are ignored', () => {
    const front = [
      [1, 3],
      [3, 1],
    ];
    assert.equal(hypervolume(front, [4, 4]), 5);
    assert.equal(hypervolume([...front, [3, 3], [1, 3], [5, 0], [0, 4]], [4, 4]), 5);
    assert.equal(hypervolume([], [4, 4]), 0);
  });

  test('3-D: two boxes of 9 and 12 overlapping in 4 cover 17', () => {
    assert.equal(
      hypervolume(
        [
          [1, 1, 3],
          [2, 2, 1],
        ],
        [4, 4, 4],
      ),
      17,
    );
  });

  test('3-D: three boxes of 6 by inclusion-exclusion (18 - 6 + 1) cover 13', () => {
    assert.equal(
      hypervolume(
        [
          [1, 2, 3],
          [2, 3, 1],
          [3, 1, 2],
        ],
        [4, 4, 4],
      ),
      13,
    );
  });

  test('4-D: one point at the origin against (1, 2, 3, 4) covers 24', () => {
    assert.equal(
      hypervolume(
        [
          [0, 0, 0, 0],
          [0.5, 1, 1, 1],
        ],
        [1, 2, 3, 4],
      ),
      24,
    );
  });

  test('3-D and 4-D: equals the count of dominated unit cells for random integer points', () => {
    const random = new SeededRandom(3);
    for (const dimensions of [3, 4]) {
      for (let repeat = 0; repeat < 5; repeat++) {
        const size = 6;
        const points = Array.from({ length: 8 }, () =>
          Array.from({ length: dimensions }, () => random.integer(0, size - 1)),
        );
        const reference = new Array<number>(dimensions).fill(size);
        assert.equal(hypervolume(points, reference), countedVolume(points, size, dimensions));
      }
    }
  });

  test('contributions: what each point alone adds', () => {
    assert.deepEqual(
      hypervolumeContributions(
        [
          [1, 3],
          [2, 2],
          [3, 1],
          [3, 3],
        ],
        [4, 4],
      ),
      [1, 1, 1, 0],
    );
  });

  test('a point with the wrong number of objectives is refused', () => {
    assert.throws(() => hypervolume([[1, 2, 3]], [4, 4]), /3 objectives, the reference point 2/);
  });
});
