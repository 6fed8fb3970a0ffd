import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import {
  createOptimizer,
  getLearningRate,
  scheduleLearningRate,
  setLearningRate,
  StepDecay,
} from '../../src/optimizers/index.js';

before(async () => {
  await setupBackend('cpu');
});

test("setLearningRate changes the rate of the next steps, SGD's cached scalar included", () => {
  for (const name of ['sgd', 'adam', 'rmsprop', 'adadelta'] as const) {
    const optimizer = createOptimizer({ name, learningRate: 0.5 });
    assert.equal(getLearningRate(optimizer), 0.5, name);
    setLearningRate(optimizer, 0.25);
    assert.equal(getLearningRate(optimizer), 0.25, name);
    optimizer.dispose();
  }
  const sgd = createOptimizer({ name: 'sgd', learningRate: 1 });
  setLearningRate(sgd, 0.25);
  const weight = tf.variable(tf.tensor1d([1]));
  sgd.applyGradients({ [weight.name]: tf.tensor1d([1]) });
  assert.equal(weight.dataSync()[0], 0.75);
  assert.throws(() => setLearningRate(sgd, Number.NaN), /learning rate must be a finite number ≥ 0, got NaN/);
});

test("scheduleLearningRate makes a schedule the optimizer's rate, read at each step's iteration count", () => {
  const optimizer = scheduleLearningRate(
    createOptimizer({ name: 'sgd' }),
    new StepDecay({ initialLearningRate: 1, stepSize: 2, gamma: 0.5 }),
  );
  const weight = tf.variable(tf.tensor1d([0]));
  const moves: number[] = [];
  for (let step = 0; step < 5; step++) {
    const before = weight.dataSync()[0]!;
    optimizer.applyGradients({ [weight.name]: tf.tensor1d([-1]) });
    moves.push(weight.dataSync()[0]! - before);
  }
  assert.deepEqual(moves, [1, 1, 0.5, 0.5, 0.25]);
});
