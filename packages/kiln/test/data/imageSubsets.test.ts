import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatherImages, sliceImages } from '../../src/data/imageSubsets.js';
import { tinyImageIndex, tinyImageSet } from './fixtures.js';

const set = tinyImageSet([4, 5, 6, 7, 8]);

describe('gatherImages', () => {
  it('copies the images and labels at the given indices, in that order', () => {
    const gathered = gatherImages(set, [3, 0, 3]);
    assert.deepEqual([...gathered.labels], [7, 4, 7]);
    assert.deepEqual(
      [0, 1, 2].map((position) => tinyImageIndex(gathered, position)),
      [3, 0, 3],
    );
    assert.notEqual(gathered.images.buffer, set.images.buffer);
  });

  it('rejects an index outside the set', () => {
    assert.throws(() => gatherImages(set, [5]), /image index 5 is outside 0\.\.4/);
  });
});

describe('sliceImages', () => {
  it('is a view of images start..end-1 that shares memory with the set', () => {
    const slice = sliceImages(set, 1, 3);
    assert.deepEqual([slice.count, ...slice.labels], [2, 5, 6]);
    assert.equal(tinyImageIndex(slice, 0), 1);
    assert.equal(slice.images.buffer, set.images.buffer);
  });
});
