import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../../src/index.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

// Rank 1 to 4, repeats of 1 on the inner or outer dims, odd sizes, and BatchNormalization's
// gradient's own case: one value per channel tiled over a whole NHWC batch.
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

describe('BatchNormalization training gradient on onednn (it runs Tile)', () => {
  // Normalizes with the batch's own statistics, as a BatchNormalization layer does in training.
  const normalizedSum = (x: tf.Tensor4D, scale: tf.Tensor1D, offset: tf.Tensor1D, weights: tf.Tensor): tf.Scalar => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.sum(tf.mul(tf.batchNorm4d(x, mean, variance, offset, scale, 1e-3), weights));
  };

  it(`matches central differences in x, scale and offset (seed ${testSeed})`, async () => {
    await tf.setBackend(BACKEND_NAME);
    const shape: [number, number, number, number] = [3, 2, 3, 5];
    const size = shape.reduce((a, b) => a * b);
    const x = tf.tensor4d(random(size), shape);
    const scale = tf.tensor1d(random(5));
    const offset = tf.tensor1d(random(5));
    const weights = tf.tensor4d(random(size), shape);
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Scalar =>
      normalizedSum(a as tf.Tensor4D, b as tf.Tensor1D, c as tf.Tensor1D, weights);
    const analytic = tf.grads(f)([x, scale, offset]).map((g) => g.dataSync());

    const h = 1e-2;
    const inputs = [x, scale, offset];
    inputs.forEach((input, which) => {
      const values = input.dataSync();
      const worst = Math.max(...analytic[which]!.map(Math.abs));
      for (let i = 0; i < values.length; i += which === 0 ? 7 : 1) {
        const at = (delta: number): number => {
          const moved = Float32Array.from(values);
          moved[i]! += delta;
          const args = inputs.map((t, k) => (k === which ? tf.tensor(moved, t.shape) : t));
          return tf.tidy(() => f(args[0]!, args[1]!, args[2]!).dataSync()[0]!);
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        const difference = Math.abs(numeric - analytic[which]![i]!);
        assert.ok(difference < 2e-2 * worst, `input ${which}, element ${i}: analytic ${analytic[which]![i]}, numeric ${numeric}`);
      }
    });
  });
});
