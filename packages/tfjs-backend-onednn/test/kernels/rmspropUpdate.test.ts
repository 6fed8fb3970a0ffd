import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME, hasRmspropUpdate, rmspropUpdate } from '../../src/index.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

describe('native rmspropUpdate', () => {
  before(async () => {
    await tf.setBackend(BACKEND_NAME);
  });

  it(`takes one Keras 2 RMSprop step of every element (seed ${testSeed})`, () => {
    const n = 100_003;
    const [value, gradient] = [random(n), random(n).map((g, i) => (i % 3 === 0 ? g * 1e-9 : g))];
    const meanSquare = random(n).map((v) => v * v);
    const [learningRate, rho, epsilon] = [1e-3, 0.9, 1e-7];
    const result = rmspropUpdate(
      tf.tensor1d(value),
      tf.tensor1d(gradient),
      tf.tensor1d(meanSquare),
      learningRate,
      rho,
      epsilon,
    );
    const [newValue, newMeanSquare] = [result.value.dataSync(), result.meanSquare.dataSync()];
    for (let i = 0; i < n; i++) {
      const ms = rho * meanSquare[i]! + (1 - rho) * gradient[i]! ** 2;
      const expected = value[i]! - (learningRate * gradient[i]!) / (Math.sqrt(ms) + epsilon);
      assert.ok(Math.abs(newMeanSquare[i]! - ms) <= 1e-6 * ms + 1e-30, `meanSquare ${i}`);
      assert.ok(
        Math.abs(newValue[i]! - expected) <= 1e-6 * Math.abs(expected) + 1e-9,
        `value ${i}: ${newValue[i]} vs ${expected}`,
      );
    }
  });

  it('is there on onednn only, and refuses tensors of different shapes', async () => {
    assert.equal(hasRmspropUpdate(), true);
    assert.throws(() => rmspropUpdate(tf.ones([4]), tf.ones([5]), tf.ones([4]), 1e-3, 0.9, 1e-7), /same shape/);
    await tf.setBackend('cpu');
    assert.equal(hasRmspropUpdate(), false);
    await tf.setBackend(BACKEND_NAME);
  });
});
