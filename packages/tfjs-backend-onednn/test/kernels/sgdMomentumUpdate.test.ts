import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME, hasSgdMomentumUpdate, sgdMomentumUpdate } from '../../src/index.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

describe('native sgdMomentumUpdate', () => {
  before(async () => {
    await tf.setBackend(BACKEND_NAME);
  });

  // Below and above the size from which the kernel shares the work between threads.
  for (const n of [1000, 100_003]) {
    for (const nesterov of [false, true]) {
      it(`takes one Keras 3 SGD step with ${nesterov ? "Nesterov's " : ''}momentum and weight decay of ${n} elements (seed ${testSeed})`, () => {
        const [value, gradient, momentum] = [random(n), random(n), random(n).map((v) => v * 0.1)];
        const [learningRate, decayFactor, momentumFactor] = [0.3, 1 - 0.3 * 5e-3, 0.85];
        const result = sgdMomentumUpdate(tf.tensor1d(value), tf.tensor1d(gradient), tf.tensor1d(momentum), {
          learningRate,
          decayFactor,
          momentumFactor,
          nesterov,
        });
        const [newValue, newMomentum] = [result.value.dataSync(), result.momentum.dataSync()];
        tf.dispose([result.value, result.momentum]);
        for (let i = 0; i < n; i++) {
          const m = momentumFactor * momentum[i]! - learningRate * gradient[i]!;
          const expected = decayFactor * value[i]! + (nesterov ? momentumFactor * m - learningRate * gradient[i]! : m);
          assert.ok(Math.abs(newMomentum[i]! - m) <= 1e-6, `momentum ${i}: ${newMomentum[i]} vs ${m}`);
          assert.ok(Math.abs(newValue[i]! - expected) <= 1e-6, `value ${i}: ${newValue[i]} vs ${expected}`);
        }
      });
    }
  }

  it('is there on onednn only, and refuses tensors of different shapes', async () => {
    assert.equal(hasSgdMomentumUpdate(), true);
    const options = { learningRate: 0.1, decayFactor: 1, momentumFactor: 0.9, nesterov: true };
    assert.throws(() => sgdMomentumUpdate(tf.ones([4]), tf.ones([4]), tf.ones([5]), options), /same shape/);
    await tf.setBackend('cpu');
    assert.equal(hasSgdMomentumUpdate(), false);
    await tf.setBackend(BACKEND_NAME);
  });
});
