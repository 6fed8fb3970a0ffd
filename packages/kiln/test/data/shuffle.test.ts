import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shuffle, shuffledIndices } from '../../src/data/shuffle.js';
import { tinyImageIndex, tinyImageSet } from './fixtures.js';

describe('shuffledIndices', () => {
  it('is a permutation of 0..count-1', () => {
    const indices = shuffledIndices(1000, 7);
    assert.deepEqual(
      [...indices].sort((a, b) => a - b),
      Array.from({ length: 1000 }, (_, i) => i),
    );
    assert.notDeepEqual(
      indices.slice(0, 20),
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('is the same for the same seed and differs between seeds', () => {
    assert.deepEqual(shuffledIndices(100, 42), shuffledIndices(100, 42));
    assert.notDeepEqual(shuffledIndices(100, 42), shuffledIndices(100, 43));
  });
});

describe('shuffle', () => {
  it('reorders images and labels together, following shuffledIndices', () => {
    const set = tinyImageSet([5, 6, 7, 8, 9, 0, 1]);
    const shuffled = shuffle(set, 3);
    const order = shuffledIndices(set.count, 3);
    assert.deepEqual(
      [...shuffled.labels],
      order.map((i) => set.labels[i]),
    );
    assert.deepEqual(
      Array.from({ length: shuffled.count }, (_, position) => tinyImageIndex(shuffled, position)),
      order,
    );
    assert.deepEqual([...set.labels], [5, 6, 7, 8, 9, 0, 1], 'the input is untouched');
  });
});
