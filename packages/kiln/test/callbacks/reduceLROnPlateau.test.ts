import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { LambdaCallback, ReduceLROnPlateau } from '../../src/callbacks/index.js';
import { buildConvnet } from '../../src/models/index.js';
import { getLearningRate } from '../../src/optimizers/index.js';
import { tinySpec } from '../training/syntheticImages.js';
import { driveEpochs, valLosses } from './driveCallbacks.js';

before(async () => {
  await setupBackend('cpu');
});

test('ReduceLROnPlateau reduces after patience, counts nothing during the cool-down, and stops at minLr', async () => {
  const model = buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed: 1 });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  const rates: number[] = [];
  const plateau = new ReduceLROnPlateau({ factor: 0.5, patience: 1, cooldown: 2, minLr: 0.02 });
  const record = new LambdaCallback({ onEpochEnd: () => void rates.push(getLearningRate(model.optimizer)) });
  await driveEpochs([plateau, record], model, valLosses(1, 1, 1, 1, 1, 1, 1, 1));
  // epoch 0 sets the best; 1 reduces (cool-down 2); 2 is cooling; 3 reduces; 4 cools; 5 reduces to
  // the floor 0.02 (not 0.0125); 6 cools; 7 would reduce but the rate is at minLr.
  assert.deepEqual(rates, [0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]);
});

test('ReduceLROnPlateau: an improvement by more than minDelta resets the wait', async () => {
  const model = buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed: 1 });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const plateau = new ReduceLROnPlateau({ factor: 0.1, patience: 2, minDelta: 0.01 });
  // 0.995 beats 1 by less than minDelta: wait 1; 0.9 resets; 0.9, 0.9: wait 2, reduce.
  await driveEpochs([plateau], model, valLosses(1, 0.995, 0.9, 0.9));
  assert.equal(getLearningRate(model.optimizer), 0.01);
  await driveEpochs([plateau], model, valLosses(1, 0.995, 0.99));
  assert.ok(Math.abs(getLearningRate(model.optimizer) - 0.001) < 1e-12);
});
