import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { KerasAdadeltaOptimizer } from '../../src/models/kerasAdadelta.js';

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
  const weight = tf.variable(tf.tensor1d([1, -1]));
  const optimizer = new KerasAdadeltaOptimizer(1.0, rho, epsilon);
  optimizer.applyGradients({ [weight.name]: tf.tensor1d([0.3, 0.7]) });
  const saved = await optimizer.getWeights();
  assert.equal(saved.length, 3); // iterations, accumulated gradient, accumulated update
  const restored = new KerasAdadeltaOptimizer(1.0, rho, epsilon);
  await restored.setWeights(saved.map((item) => ({ name: item.name, tensor: item.tensor.clone() })));
  const twin = tf.variable(tf.tensor1d(weight.dataSync()));
  const gradient = tf.tensor1d([0.1, 0.2]);
  const before = tf.memory().numTensors;
  optimizer.applyGradients({ [weight.name]: gradient });
  restored.applyGradients({ [twin.name]: gradient });
  assert.deepEqual(Array.from(twin.dataSync()), Array.from(weight.dataSync()));
  assert.equal(restored.getConfig().learningRate, 1.0);
  assert.equal(tf.memory().numTensors, before);
  optimizer.dispose();
  restored.dispose();
});
