import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { activation } from '../../../src/models/layers/activation.js';

const x = (): tf.Tensor =>
  tf.tensor2d(
    Array.from({ length: 60 }, (_, i) => (i - 30) / 6),
    [6, 10],
  );

/** The layer's output and d(sum(output * w))/dx. */
function outputAndGradient(layer: tfl.layers.Layer): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const w = tf.tensor2d(
      Array.from({ length: 60 }, (_, i) => Math.cos(i)),
      [6, 10],
    );
    const f = (input: tf.Tensor): tf.Tensor => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w));
    return [(layer.apply(x()) as tf.Tensor).dataSync() as Float32Array, tf.grad(f)(x()).dataSync() as Float32Array];
  });
}

describe("Kiln's Activation('gelu')", () => {
  it("gives tfjs-layers' gelu and its gradient on onednn (one native op) as on cpu", async () => {
    await tf.setBackend('cpu');
    const [reference, referenceGradient] = outputAndGradient(tfl.layers.activation({ activation: 'gelu' }));
    await tf.setBackend('onednn');
    const [y, dx] = outputAndGradient(activation({ activation: 'gelu' }));
    y.forEach((v, i) => assert.ok(Math.abs(v - reference[i]!) < 1e-5, `y[${i}] ${v} vs ${reference[i]}`));
    dx.forEach((v, i) =>
      assert.ok(Math.abs(v - referenceGradient[i]!) < 1e-4, `dx[${i}] ${v} vs ${referenceGradient[i]}`),
    );
    assert.equal(activation({ activation: 'gelu' }).getConfig()['activation'], 'gelu');
  });
});
