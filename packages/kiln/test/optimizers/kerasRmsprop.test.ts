import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { KerasRmspropOptimizer } from '../../src/optimizers/kerasRmsprop.js';
import { assertStateRoundTrips } from '../support/optimizerState.js';

const rho = 0.9;
const epsilon = 1e-7;
const learningRate = 1e-3;

/** Keras 2's RMSprop on one scalar weight, step by step, in float64. */
function kerasSteps(x0: number, gradients: number[]): number {
  let x = x0;
  let meanSquare = 0;
  for (const g of gradients) {
    meanSquare = rho * meanSquare + (1 - rho) * g * g;
    x -= (learningRate * g) / (Math.sqrt(meanSquare) + epsilon);
  }
  return x;
}

const steps = (optimizer: tf.Optimizer, gradients: number[]): number => {
  const weight = tf.variable(tf.scalar(0));
  for (const g of gradients) optimizer.applyGradients({ [weight.name]: tf.scalar(g) });
  const moved = weight.dataSync()[0]!;
  weight.dispose();
  optimizer.dispose();
  return moved;
};

test('KerasRmspropOptimizer follows Keras 2, whose epsilon is outside the square root, on cpu and onednn', async () => {
  for (const backend of isOneDnnAvailable().available ? ['cpu', 'onednn'] : ['cpu']) {
    await tf.setBackend(backend);
    for (const gradients of [
      [0.5, -1, 0.25, 2],
      [3e-9, 2e-9, -1e-9, 4e-9],
    ]) {
      const expected = kerasSteps(0, gradients);
      const moved = steps(new KerasRmspropOptimizer(learningRate, rho, epsilon), gradients);
      assert.ok(
        Math.abs(moved - expected) <= 1e-5 * Math.abs(expected),
        `${backend}: ${moved} vs Keras ${expected} for ${gradients}`,
      );
    }
  }
  await tf.setBackend('cpu');
  // Gradients of ~1e-9 (the chapter's separable kernels at initialization): Keras moves the
  // weight by ~1e-3 per step; tfjs' own RMSprop, dividing by sqrt(ms + epsilon), thousands of times less.
  const tiny = [3e-9, 3e-9, 3e-9];
  const tfjsMoved = steps(tf.train.rmsprop(learningRate, rho, 0, epsilon), tiny);
  assert.ok(Math.abs(kerasSteps(0, tiny)) > 1000 * Math.abs(tfjsMoved));
});

test("KerasRmspropOptimizer saves its state in tfjs' layout, restores it, and leaks no tensors", async () => {
  await tf.setBackend('cpu');
  const names = await assertStateRoundTrips(() => new KerasRmspropOptimizer(learningRate, rho, epsilon));
  assert.deepEqual(names, ['iter', 'rms', 'momentum']);
});
