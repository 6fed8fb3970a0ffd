import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../../src/index.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

// Rank 1 to 4, repeats of 1 on the inner or outer dims, odd sizes, and the case of tfjs'
// BatchNormalization gradient: one value per channel tiled over a whole NHWC batch.
const cases: { shape: number[]; reps: number[] }[] = [
  { shape: [5], reps: [3] },
  { shape: [2, 3], reps: [3, 1] },
  { shape: [2, 3], reps: [1, 4] },
  { shape: [3, 1, 4, 2], reps: [1, 2, 1, 3] },
  { shape: [1, 1, 1, 7], reps: [4, 5, 6, 1] },
  { shape: [2, 5, 3], reps: [2, 3, 2] },
];

describe('native Tile matches the cpu backend', () => {
  for (const { shape, reps } of cases) {
    it(`tiles [${shape}] by [${reps}], and its gradient (seed ${testSeed})`, async () => {
      const x = random(shape.reduce((a, b) => a * b));
      const error = await relativeErrorVsCpu(() => {
        const input = tf.tensor(x, shape);
        const y = tf.tile(input, reps);
        // The gradient weights every copy differently, so a misplaced copy changes it.
        const weights = tf.reshape(tf.range(1, y.size + 1), y.shape);
        const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.tile(t, reps), weights)))(input);
        return [y, dx];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }

  it('leaves int32 tensors to the cpu kernel', async () => {
    await tf.setBackend(BACKEND_NAME);
    const y = tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 1]);
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(await y.data()), [1, 2, 3, 4, 1, 2, 3, 4]);
  });
});
