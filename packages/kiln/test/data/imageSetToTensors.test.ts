import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import { imageSetToTensors } from '../../src/data/imageSetToTensors.js';
import type { ImageSet } from '../../src/data/types.js';

describe('imageSetToTensors', () => {
  it('gives x as [count, h, w, c] float32 in [0, 1] and y one-hot [count, numClasses]', async () => {
    const set: ImageSet = {
      images: Uint8Array.from([0, 255, 51, 102]),
      labels: Uint8Array.from([2, 0]),
      count: 2,
      height: 1,
      width: 2,
      channels: 1,
    };
    const { x, y } = imageSetToTensors(set, 3);
    try {
      assert.deepEqual(x.shape, [2, 1, 2, 1]);
      assert.equal(x.dtype, 'float32');
      assert.deepEqual([...(await x.data())], [0, 1, Math.fround(0.2), Math.fround(0.4)]);
      assert.deepEqual(y.shape, [2, 3]);
      assert.deepEqual(await y.array(), [
        [0, 0, 1],
        [1, 0, 0],
      ]);
    } finally {
      x.dispose();
      y.dispose();
    }
  });
});
