import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { biasRelu, hasBiasRelu } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

describe('biasRelu, a per-channel bias and ReLU as one differentiable op', () => {
  before(() => registerNativeGradients());

  for (const shape of [
    [2, 5, 7, 3],
    [1, 1, 1, 8],
    [4, 33],
  ] as const) {
    it(`gives tfjs' add-then-relu output and gradients for x [${shape}] (seed ${testSeed})`, async () => {
      const size = shape.reduce<number>((a, b) => a * b, 1);
      const channels = shape.at(-1)!;
      const [x, bias] = [random(size), random(channels)];
      const error = await relativeErrorVsCpu(() => {
        // On onednn the op; on cpu what tfjs-layers runs: add, then relu.
        const f = (t: tf.Tensor, b: tf.Tensor): tf.Tensor => (hasBiasRelu() ? biasRelu(t, b) : tf.relu(tf.add(t, b)));
        const inputs = [tf.tensor(x, [...shape]), tf.tensor1d(bias)];
        const weights = tf.randomUniform([...shape], -1, 1, 'float32', 5);
        return [
          f(inputs[0]!, inputs[1]!),
          ...tf.grads((t: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(t, b), weights)))(inputs),
        ];
      });
      assert.ok(error < 1e-5, `relative error ${error}`);
    });
  }

  it('keeps NaN as tfjs Relu does', async () => {
    await tf.setBackend('onednn');
    const y = biasRelu(tf.tensor2d([[Number.NaN, -2, 3]]), tf.tensor1d([0, 1, 1]));
    assert.deepEqual([...(await y.data())], [Number.NaN, 0, 4]);
  });
});
