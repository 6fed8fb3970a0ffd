import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scaleImages } from '../../src/data/scaleImages.js';

describe('scaleImages', () => {
  it('divides every pixel by 255 into float32', () => {
    const scaled = scaleImages(Uint8Array.from([0, 51, 255]));
    assert.ok(scaled instanceof Float32Array);
    assert.deepEqual([...scaled], [0, Math.fround(0.2), 1]);
  });
});
