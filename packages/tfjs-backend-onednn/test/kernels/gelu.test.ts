import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

import { BACKEND_NAME, gelu, hasGelu } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

/** GELU and its derivative in float64 with a series erf (Abramowitz-Stegun 7.1.26 is too coarse). */
function erf(z: number): number {
  // Taylor series; |z| <= 4 here, where 60 terms converge far below float32's precision.
  let sum = 0;
  let term = z;
  for (let k = 0; k < 80; k++) {
    sum += term / (2 * k + 1);
    term *= (-z * z) / (k + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const cdf = (v: number): number => 0.5 * (1 + erf(v / Math.SQRT2));
const density = (v: number): number => Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);

describe('native gelu', () => {
  before(async () => {
    registerNativeGradients();
    await tf.setBackend(BACKEND_NAME);
  });

  // Below and above the size from which the kernel shares the work between threads.
  for (const size of [4000, 70001]) {
    it(`computes x Φ(x) and its gradient dy (Φ(x) + x φ(x)) as the float64 formulas give, over ${size} elements`, () => {
      assert.ok(hasGelu());
      const x = Array.from(random(size), (v) => v * 4);
      const dy = Array.from(random(size));
      const [y, dx] = tf.tidy(() => {
        const xt = tf.tensor1d(x);
        const dyt = tf.tensor1d(dy);
        const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(gelu(t), dyt)))(xt);
        return [gelu(xt).dataSync(), grad.dataSync(), value];
      });
      x.forEach((v, i) => {
        assert.ok(Math.abs(y![i]! - v * cdf(v)) < 2e-6, `gelu(${v}) = ${y![i]}`);
        const expected = dy[i]! * (cdf(v) + v * density(v));
        assert.ok(Math.abs(dx![i]! - expected) < 2e-6, `gelu'(${v}) = ${dx![i]} vs ${expected}`);
      });
    });
  }

  it("agrees with tfjs-layers' 'gelu' activation on the cpu backend", async () => {
    const x = random(1000).map((v) => v * 5);
    const native = tf.tidy(() => gelu(tf.tensor1d(x)).dataSync());
    await tf.setBackend('cpu');
    const tfl = await import('@tensorflow/tfjs-layers');
    const reference = tf
      .tidy(() => tfl.layers.activation({ activation: 'gelu' }).apply(tf.tensor1d(x)) as tf.Tensor)
      .dataSync();
    await tf.setBackend(BACKEND_NAME);
    native.forEach((v, i) => assert.ok(Math.abs(v - reference[i]!) < 1e-5, `${x[i]}: ${v} vs ${reference[i]}`));
  });
});
