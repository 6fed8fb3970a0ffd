import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { BACKEND_NAME, batchNormTraining, hasBatchNormTraining, type BatchNormActivation } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { FusedBatchNormGrad } from '../../src/kernels/FusedBatchNormGrad.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;
const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const positive = (n: number): Float32Array => random(n).map((v) => v + 1.5);

// tfjs-layers, imported above, has registered tfjs' gradients: this replaces FusedBatchNorm's.
registerNativeGradients();

// Batch 1, odd sizes, rank 2 (after a Dense layer) and 4 (after a convolution).
const shapes = [
  [1, 3, 3, 4],
  [2, 5, 7, 3],
  [5, 11],
  [3, 4, 2, 17],
];

describe('native FusedBatchNorm matches the cpu backend', () => {
  for (const shape of shapes) {
    const channels = shape.at(-1)!;
    it(`normalizes [${shape}] with per-channel statistics, with and without scale and offset (seed ${testSeed})`, async () => {
      const x = random(size(shape));
      const [mean, offset, scale] = [random(channels), random(channels), random(channels)];
      const variance = positive(channels);
      const error = await relativeErrorVsCpu(() => {
        const t = tf.tensor(x, shape);
        return [
          tf.batchNorm(t, tf.tensor1d(mean), tf.tensor1d(variance), tf.tensor1d(offset), tf.tensor1d(scale), 1e-3),
          tf.batchNorm(t, tf.tensor1d(mean), tf.tensor1d(variance)),
          // Statistics shaped to broadcast, as tfjs-layers passes them for a non-default axis.
          tf.batchNorm(
            t,
            tf.tensor(mean, [...shape.slice(0, -1).map(() => 1), channels]),
            tf.tensor(variance, [...shape.slice(0, -1).map(() => 1), channels]),
          ),
        ];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });

    it(`gives BatchNormalization's training gradients of [${shape}] (seed ${testSeed})`, async () => {
      const x = random(size(shape));
      const [offset, scale] = [random(channels), random(channels)];
      const weights = random(size(shape));
      const axes = shape.slice(0, -1).map((_, i) => i);
      const error = await relativeErrorVsCpu(() => {
        const f = (t: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Scalar => {
          const { mean, variance } = tf.moments(t, axes);
          return tf.sum(
            tf.mul(
              tf.batchNorm(t, mean, variance, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3),
              tf.tensor(weights, shape),
            ),
          );
        };
        return tf.grads(f)([tf.tensor(x, shape), tf.tensor1d(scale), tf.tensor1d(offset)]);
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }

  it(`agrees for a scale of one value shared by every channel (seed ${testSeed})`, async () => {
    const shape = [2, 3, 3, 6];
    const x = random(size(shape));
    const [mean, variance, offset] = [random(6), positive(6), random(6)];
    const error = await relativeErrorVsCpu(() =>
      tf.batchNorm(
        tf.tensor(x, shape),
        tf.tensor1d(mean),
        tf.tensor1d(variance),
        tf.tensor1d(offset),
        tf.tensor1d([0.7]),
      ),
    );
    assert.ok(error < TOLERANCE, `relative error ${error}`);
  });

  it(`runs a BatchNormalization layer in inference (moving statistics) and training (seed ${testSeed})`, async () => {
    const shape = [4, 5, 5, 8];
    const x = random(size(shape));
    const moving = { mean: random(8), variance: positive(8), gamma: random(8), beta: random(8) };
    const error = await relativeErrorVsCpu(() => {
      const layer = tfl.layers.batchNormalization({
        weights: [
          tf.tensor1d(moving.gamma),
          tf.tensor1d(moving.beta),
          tf.tensor1d(moving.mean),
          tf.tensor1d(moving.variance),
        ],
      });
      const input = tf.tensor(x, shape);
      return [
        layer.apply(input, { training: false }) as tf.Tensor,
        layer.apply(input, { training: true }) as tf.Tensor,
      ];
    });
    assert.ok(error < TOLERANCE, `relative error ${error}`);
  });
});

describe('the native FusedBatchNorm gradient', () => {
  // Normalizes with the batch's own statistics, as a BatchNormalization layer does in training.
  const normalizedSum = (x: tf.Tensor4D, scale: tf.Tensor1D, offset: tf.Tensor1D, weights: tf.Tensor): tf.Scalar => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.sum(tf.mul(tf.batchNorm(x, mean, variance, offset, scale, 1e-3), weights));
  };

  it("runs as one kernel on onednn and leaves the cpu backend to tfjs' gradient", async () => {
    const kernelsOn = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(random(2 * 3 * 3 * 4), [2, 3, 3, 4]);
      const profile = await tf.profile(() =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.batchNorm(t, tf.zeros([4]), tf.ones([4]), tf.zeros([4]), tf.ones([4]))))(x),
      );
      return profile.kernels.map((k) => k.name);
    };
    assert.ok((await kernelsOn(BACKEND_NAME)).includes(FusedBatchNormGrad));
    const onCpu = await kernelsOn('cpu');
    assert.ok(!onCpu.includes(FusedBatchNormGrad) && onCpu.includes('Tile'), onCpu.join(', '));
  });

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
    const analytic = tf
      .grads(f)([x, scale, offset])
      .map((g) => g.dataSync());

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
        assert.ok(
          difference < 2e-2 * worst,
          `input ${which}, element ${i}: analytic ${analytic[which]![i]}, numeric ${numeric}`,
        );
      }
    });
  });
});

describe('batchNormTraining, one op for batch normalization in training', () => {
  // On onednn the op, on cpu what tfjs-layers runs: moments() then batchNorm() (then relu() or
  // 'gelu', x Φ(x) with erf).
  const normalize = (
    x: tf.Tensor,
    scale: tf.Tensor,
    offset: tf.Tensor,
    activation: BatchNormActivation,
  ): tf.Tensor[] => {
    if (hasBatchNormTraining()) {
      const { y, mean, variance } = batchNormTraining(x, scale, offset, 1e-3, activation);
      return [y, mean, variance];
    }
    const { mean, variance } = tf.moments(
      x,
      x.shape.slice(0, -1).map((_, i) => i),
    );
    const y = tf.batchNorm(x, mean, variance, offset as tf.Tensor1D, scale as tf.Tensor1D, 1e-3);
    const activated =
      activation === 'relu'
        ? tf.relu(y)
        : activation === 'gelu'
          ? tf.mul(tf.mul(y, 0.5), tf.add(1, tf.erf(tf.mul(y, Math.SQRT1_2))))
          : y;
    return [activated, mean, variance];
  };

  // And one of several cache blocks (see batchnorm.cc), the last one partial.
  for (const shape of [...shapes, [7, 9, 13, 300]]) {
    const channels = shape.at(-1)!;
    for (const activation of ['linear', 'relu', 'gelu'] as const) {
      it(`gives y, mean and variance of [${shape}] as moments() and batchNorm() do, ${activation} (seed ${testSeed})`, async () => {
        // Off-centre, so the variance is not swamped by the mean's square.
        const x = random(size(shape)).map((v) => 3 + v);
        const [scale, offset] = [random(channels), random(channels)];
        const error = await relativeErrorVsCpu(() =>
          normalize(tf.tensor(x, shape), tf.tensor1d(scale), tf.tensor1d(offset), activation),
        );
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });

      it(`gives the gradients of y, mean and variance with respect to x, scale and offset of [${shape}], ${activation} (seed ${testSeed})`, async () => {
        const x = random(size(shape));
        const [scale, offset] = [random(channels), random(channels)];
        const [weights, meanWeights, varianceWeights] = [random(size(shape)), random(channels), random(channels)];
        const error = await relativeErrorVsCpu(() => {
          const f = (t: tf.Tensor, s: tf.Tensor, o: tf.Tensor): tf.Scalar => {
            const [y, mean, variance] = normalize(t, s, o, activation);
            return tf.addN([
              tf.sum(tf.mul(y!, tf.tensor(weights, shape))),
              tf.sum(tf.mul(mean!, tf.tensor1d(meanWeights))),
              tf.sum(tf.mul(variance!, tf.tensor1d(varianceWeights))),
            ]) as tf.Scalar;
          };
          return tf.grads(f)([tf.tensor(x, shape), tf.tensor1d(scale), tf.tensor1d(offset)]);
        });
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }
  }

  it(`keeps the variance exact when the mean is far from zero and the first rows are unlike the rest (seed ${testSeed})`, async () => {
    // The statistics come in one pass over x minus the mean of its first 64 rows.
    const [rows, channels] = [300, 3];
    const noise = random(rows * channels);
    const x = Float32Array.from(noise, (v, i) => (i < 64 * channels ? 1000 + v : 1000 + 5 * v + 2));
    await tf.setBackend('onednn');
    const { mean, variance } = batchNormTraining(
      tf.tensor2d(x, [rows, channels]),
      tf.ones([channels]),
      tf.zeros([channels]),
      1e-3,
    );
    const [gotMean, gotVariance] = [await mean.data(), await variance.data()];
    for (let c = 0; c < channels; c++) {
      const column = Array.from({ length: rows }, (_, r) => x[r * channels + c]!);
      const exactMean = column.reduce((a, b) => a + b, 0) / rows;
      const exactVariance = column.reduce((a, b) => a + (b - exactMean) ** 2, 0) / rows;
      assert.ok(Math.abs(gotMean[c]! - exactMean) / exactMean < 1e-6, `mean ${gotMean[c]} vs ${exactMean}`);
      assert.ok(
        Math.abs(gotVariance[c]! - exactVariance) / exactVariance < 1e-4,
        `variance ${gotVariance[c]} vs ${exactVariance}`,
      );
    }
  });

  it('is there on onednn only', async () => {
    await tf.setBackend('cpu');
    assert.equal(hasBatchNormTraining(), false);
    await tf.setBackend(BACKEND_NAME);
    assert.equal(hasBatchNormTraining(), true);
  });

  it('says what is wrong with statistics that are not one per channel', async () => {
    await tf.setBackend(BACKEND_NAME);
    assert.throws(
      () => batchNormTraining(tf.ones([2, 3, 4]), tf.ones([3]), tf.zeros([3]), 1e-3),
      /one value per channel/,
    );
  });
});
