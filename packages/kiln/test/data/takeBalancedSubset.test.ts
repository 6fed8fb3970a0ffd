import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeBalancedSubset } from '../../src/data/takeBalancedSubset.js';
import type { ImageSet } from '../../src/data/types.js';
import { tinyImageIndex, tinyImageSet } from './fixtures.js';

function classCounts(set: ImageSet): number[] {
  const counts = new Array<number>(10).fill(0);
  set.labels.forEach((label) => counts[label]!++);
  return counts;
}

/** 1,000 images, classes 0..9 each 100, interleaved. */
const even = tinyImageSet(Array.from({ length: 1000 }, (_, i) => i % 10));

describe('takeBalancedSubset', () => {
  it('takes the same number from every class', () => {
    const subset = takeBalancedSubset(even, 200, 1);
    assert.equal(subset.count, 200);
    assert.deepEqual(classCounts(subset), new Array<number>(10).fill(20));
  });

  it('spreads an uneven limit so class counts differ by at most one', () => {
    const counts = classCounts(takeBalancedSubset(even, 95, 1));
    assert.equal(
      counts.reduce((a, b) => a + b),
      95,
    );
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, counts.join(','));
  });

  it('gives all of a small class and shares its unused part among the others', () => {
    // Class 9 has only 3 images; the others have plenty.
    const labels = [...Array.from({ length: 900 }, (_, i) => i % 9), 9, 9, 9];
    const counts = classCounts(takeBalancedSubset(tinyImageSet(labels), 93, 5));
    assert.deepEqual(counts, [10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
  });

  it('keeps chosen images in their original order, with their own pixels', () => {
    const subset = takeBalancedSubset(even, 50, 2);
    const original = Array.from({ length: subset.count }, (_, position) => tinyImageIndex(subset, position));
    assert.ok(original.every((index, i) => i === 0 || index > original[i - 1]!));
    subset.labels.forEach((label, i) => assert.equal(label, original[i]! % 10));
  });

  it('is deterministic per seed', () => {
    assert.deepEqual(takeBalancedSubset(even, 30, 9).images, takeBalancedSubset(even, 30, 9).images);
    assert.notDeepEqual(takeBalancedSubset(even, 30, 9).images, takeBalancedSubset(even, 30, 10).images);
  });

  it('returns the whole set when the limit is not below its size', () => {
    assert.equal(takeBalancedSubset(even, 1000, 1), even);
  });

  it('rejects a negative or fractional limit', () => {
    assert.throws(() => takeBalancedSubset(even, -1, 1), RangeError);
    assert.throws(() => takeBalancedSubset(even, 2.5, 1), RangeError);
  });
});
