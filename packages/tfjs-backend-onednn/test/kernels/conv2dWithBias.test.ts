import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { conv2dWithBias, hasConv2dWithBias } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

describe('conv2dWithBias, a convolution with its bias and ReLU as one differentiable op', () => {
  before(() => registerNativeGradients());

  const cases = [
    { x: [2, 9, 7, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: 'valid', activation: 'relu' },
    { x: [1, 8, 8, 4], filter: [1, 1, 4, 6], strides: [1, 1], pad: 'valid', activation: 'relu' },
    { x: [3, 7, 9, 2], filter: [3, 3, 2, 4], strides: [2, 2], pad: 'same', activation: 'linear' },
  ] as const;

  for (const c of cases) {
    it(`gives tfjs' output and gradients for x [${c.x}], filter [${c.filter}], ${c.pad}, stride ${c.strides[0]}, ${c.activation} (seed ${testSeed})`, async () => {
      const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
      const [x, filter, bias] = [random(size(c.x)), random(size(c.filter)), random(c.filter[3])];
      const error = await relativeErrorVsCpu(() => {
        // On onednn the op; on cpu what tfjs-layers runs in training: conv2d, then add, then relu.
        const f = (t: tf.Tensor, k: tf.Tensor, b: tf.Tensor): tf.Tensor => {
          if (hasConv2dWithBias())
            return conv2dWithBias(t, k, b, { strides: [...c.strides], pad: c.pad, activation: c.activation });
          const z = tf.add(tf.conv2d(t as tf.Tensor4D, k as tf.Tensor4D, [...c.strides] as [number, number], c.pad), b);
          return c.activation === 'relu' ? tf.relu(z) : z;
        };
        const inputs = [tf.tensor(x, [...c.x]), tf.tensor(filter, [...c.filter]), tf.tensor1d(bias)];
        const weights = tf.randomUniform(f(inputs[0]!, inputs[1]!, inputs[2]!).shape, -1, 1, 'float32', 5);
        return [
          f(inputs[0]!, inputs[1]!, inputs[2]!),
          ...tf.grads((t: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(t, k, b), weights)))(inputs),
        ];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }
});
