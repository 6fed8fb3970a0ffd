import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../../src/index.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const STEP = 1e-2;
const TOLERANCE = 2e-3;

type Layer = (inputs: tf.Tensor[]) => tf.Tensor;

/** n values in random order, 0.05 apart: a finite-difference step never changes which is largest. */
function spacedValues(n: number): Float32Array {
  const order = Array.from(random(n))
    .map((key, i) => ({ key, i }))
    .sort((a, b) => a.key - b.key);
  return Float32Array.from(order, ({ i }) => 0.05 * (i - n / 2));
}

/**
 * Compares the gradients the onednn backend computes for sum(layer(inputs) * r) (r random, so
 * every output element weighs differently) with central differences of that sum.
 */
async function worstGradientError(layer: Layer, shapes: number[][], spaced: boolean): Promise<number> {
  await tf.setBackend(BACKEND_NAME);
  const values = shapes.map((s) => (spaced ? spacedValues : random)(s.reduce((a, b) => a * b, 1)));
  const inputs = () => values.map((v, i) => tf.tensor(v, shapes[i]!));
  const outputShape = tf.tidy(() => layer(inputs()).shape);
  const weights = tf.tensor(random(outputShape.reduce((a, b) => a * b, 1)), outputShape);
  const objective = (...xs: tf.Tensor[]) => tf.sum(tf.mul(layer(xs), weights));
  const analytic = tf.tidy(() =>
    tf
      .grads(objective)(inputs())
      .map((g) => g.dataSync()),
  );
  let worst = 0;
  values.forEach((v, t) => {
    const scale = Math.max(1e-3, ...Array.from(analytic[t]!, Math.abs));
    for (let i = 0; i < v.length; i++) {
      const at = (delta: number) => {
        const shifted = values.map((w) => w.slice());
        shifted[t]![i]! += delta;
        return tf.tidy(() => objective(...shifted.map((w, j) => tf.tensor(w, shapes[j]!))).dataSync()[0]!);
      };
      const numerical = (at(STEP) - at(-STEP)) / (2 * STEP);
      worst = Math.max(worst, Math.abs(numerical - analytic[t]![i]!) / scale);
    }
  });
  weights.dispose();
  return worst;
}

const layers: Record<string, { layer: Layer; shapes: number[][]; spaced?: boolean }> = {
  'Conv2D (stride 2, same)': {
    layer: ([x, w]) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'),
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 3, 4],
    ],
  },
  'Conv2D (valid)': {
    layer: ([x, w]) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'),
    shapes: [
      [1, 6, 5, 2],
      [2, 3, 2, 3],
    ],
  },
  'DepthwiseConv2D (multiplier 2)': {
    layer: ([x, w]) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
    shapes: [
      [2, 5, 4, 3],
      [3, 3, 3, 2],
    ],
  },
  SeparableConv2D: {
    layer: ([x, d, p]) => tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'valid'),
    shapes: [
      [1, 6, 6, 3],
      [3, 3, 3, 1],
      [1, 1, 3, 5],
    ],
  },
  MaxPool: { layer: ([x]) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), shapes: [[2, 6, 6, 3]], spaced: true },
  'MatMul (Dense)': {
    layer: ([a, b]) => tf.matMul(a!, b!),
    shapes: [
      [4, 7],
      [7, 5],
    ],
  },
};

describe('onednn gradients match central differences', () => {
  for (const [name, { layer, shapes, spaced }] of Object.entries(layers)) {
    it(`${name} (seed ${testSeed})`, async () => {
      const error = await worstGradientError(layer, shapes, spaced ?? false);
      assert.ok(error < TOLERANCE, `worst gradient error ${error} relative to the largest gradient`);
    });
  }
});
