import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { KerasAdadeltaOptimizer } from '../../src/optimizers/kerasAdadelta.js';
import { assertStateRoundTrips } from '../support/optimizerState.js';

const rho = 0.95;
const epsilon = 1e-7;

/** Keras' Adadelta on one scalar weight, step by step, in float64. */
function kerasSteps(x0: number, gradients: number[], learningRate: number): number {
  let x = x0;
  let accumulatedGradient = 0;
  let accumulatedUpdate = 0;
  for (const g of gradients) {
    accumulatedGradient = rho * accumulatedGradient + (1 - rho) * g * g;
    const update = (Math.sqrt(accumulatedUpdate + epsilon) / Math.sqrt(accumulatedGradient + epsilon)) * g;
    accumulatedUpdate = rho * accumulatedUpdate + (1 - rho) * update * update;
    x -= learningRate * update;
  }
  return x;
}

test('KerasAdadeltaOptimizer follows Keras: the first step is tiny, not a raw gradient step', async () => {
  await tf.setBackend('cpu');
  const gradients = [0.5, -1, 0.25, 2];
  const weight = tf.variable(tf.scalar(1));
  const optimizer = new KerasAdadeltaOptimizer(1.0, rho, epsilon);
  for (const g of gradients) optimizer.applyGradients({ [weight.name]: tf.scalar(g) });
  const expected = kerasSteps(1, gradients, 1.0);
  assert.ok(Math.abs(weight.dataSync()[0]! - expected) < 1e-6, `${weight.dataSync()[0]} vs Keras ${expected}`);
  // tfjs' own AdadeltaOptimizer moves this weight by the whole first gradient (0.5).
  assert.ok(Math.abs(1 - weight.dataSync()[0]!) < 0.01);
  optimizer.dispose();
  weight.dispose();
});

test('KerasAdadeltaOptimizer keeps its slots through getWeights/setWeights and leaks no tensors', async () => {
  await tf.setBackend('cpu');
  const names = await assertStateRoundTrips(() => new KerasAdadeltaOptimizer(1.0, rho, epsilon));
  assert.deepEqual(names, ['iter', 'accum_grad', 'accum_var']);
});
