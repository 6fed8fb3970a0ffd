import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { EarlyStopping } from '../../src/callbacks/index.js';
import { buildConvnet } from '../../src/models/index.js';
import { tinySpec } from '../training/syntheticImages.js';
import { driveEpochs, valLosses } from './driveCallbacks.js';

const tinyModel = () => buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed: 1 });

describe('EarlyStopping', () => {
  before(async () => {
    await setupBackend('cpu');
  });

  test('counts patience from the last improvement: patience 2 stops at the second epoch without one', async () => {
    const stopping = new EarlyStopping({ patience: 2 });
    // best 1.0, 0.9 (improvement), 0.95 (wait 1), 0.92 (wait 2: stop), 0.85 never run
    assert.deepEqual(await driveEpochs([stopping], tinyModel(), valLosses(1.0, 0.9, 0.95, 0.92, 0.85)), [0, 1, 2, 3]);
    assert.equal(stopping.stoppedEpoch, 3);
    assert.equal(stopping.best, 0.9);
    assert.equal(stopping.bestEpoch, 1);
  });

  test('minDelta: a gain smaller than it is no improvement', async () => {
    const strict = new EarlyStopping({ patience: 1, minDelta: 0.05 });
    assert.deepEqual(await driveEpochs([strict], tinyModel(), valLosses(1.0, 0.97, 0.9)), [0, 1]);
    const lenient = new EarlyStopping({ patience: 1, minDelta: 0.01 });
    assert.deepEqual(await driveEpochs([lenient], tinyModel(), valLosses(1.0, 0.97, 0.99)), [0, 1, 2]);
  });

  test("mode 'auto' maximizes accuracies", async () => {
    const stopping = new EarlyStopping({ monitor: 'val_acc', patience: 1 });
    const logs = [0.5, 0.6, 0.55, 0.7].map((acc) => ({ loss: 1, acc, val_loss: 1, val_acc: acc }));
    assert.deepEqual(await driveEpochs([stopping], tinyModel(), logs), [0, 1, 2]);
    assert.equal(stopping.best, 0.6);
  });

  test('an improvement that does not beat the baseline does not reset the wait', async () => {
    const withBaseline = new EarlyStopping({ patience: 2, baseline: 0.5 });
    assert.deepEqual(await driveEpochs([withBaseline], tinyModel(), valLosses(0.8, 0.9, 0.95)), [0, 1]);
    const without = new EarlyStopping({ patience: 2 });
    assert.deepEqual(await driveEpochs([without], tinyModel(), valLosses(0.8, 0.9, 0.95)), [0, 1, 2]);
  });

  test("restoreBestWeights ends training with the best epoch's weights", async () => {
    const model = tinyModel();
    const stopping = new EarlyStopping({ patience: 1, restoreBestWeights: true });
    // Every weight of epoch e is e + 1; epoch 1 is the best.
    const mark = (epoch: number) => model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, epoch + 1)));
    await driveEpochs([stopping], model, valLosses(1.0, 0.5, 0.7, 0.6), mark);
    assert.equal(stopping.stoppedEpoch, 2);
    for (const weight of model.getWeights()) assert.ok(weight.dataSync().every((value) => value === 2));
  });

  test('rejects a negative patience', () => {
    assert.throws(() => new EarlyStopping({ patience: -1 }), /patience must be an integer ≥ 0, got -1/);
  });
});
