import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

interface PoolCase {
  input: [number, number, number, number];
  window: number;
  strides: number;
  pad: 'same' | 'valid';
}

const cases: PoolCase[] = [
  { input: [2, 8, 8, 5], window: 2, strides: 2, pad: 'valid' },
  { input: [1, 7, 9, 3], window: 2, strides: 2, pad: 'valid' },
  { input: [3, 9, 7, 6], window: 3, strides: 2, pad: 'same' },
  { input: [2, 6, 5, 17], window: 3, strides: 1, pad: 'same' },
];

const poolings = [
  { name: 'MaxPool', op: (x: tf.Tensor4D, c: PoolCase) => tf.maxPool(x, c.window, c.strides, c.pad) },
  { name: 'AvgPool', op: (x: tf.Tensor4D, c: PoolCase) => tf.avgPool(x, c.window, c.strides, c.pad) },
];

describe('native pooling matches the cpu backend', () => {
  for (const c of cases) {
    for (const { name, op } of poolings) {
      it(`${name} and its gradient: x ${c.input.join('x')}, window ${c.window}, stride ${c.strides}, ${c.pad} (seed ${testSeed})`, async () => {
        const values = random(c.input.reduce((a, b) => a * b));
        const error = await relativeErrorVsCpu(() => {
          const x = tf.tensor4d(values, c.input);
          const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.square(op(t as tf.Tensor4D, c))))(x);
          return [op(x, c), dx];
        });
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }
  }

  // After a ReLU most windows hold equal maxima (zeros): the gradient goes to the first of them only.
  for (const c of cases) {
    it(`MaxPool's gradient sends each window's dy to its first maximum among ties: x ${c.input.join('x')}, window ${c.window}, stride ${c.strides}, ${c.pad} (seed ${testSeed})`, async () => {
      const values = random(c.input.reduce((a, b) => a * b)).map((v) => Math.max(0, Math.round(v * 2)));
      const dyValues = random(c.input.reduce((a, b) => a * b));
      const error = await relativeErrorVsCpu(() => {
        const x = tf.tensor4d(values, c.input);
        const dy = tf.maxPool(x, c.window, c.strides, c.pad);
        const weights = tf.tensor(dyValues.slice(0, dy.size), dy.shape);
        return [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.window, c.strides, c.pad), weights)))(x)];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }
});
