import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { trainModel, type TrainModelOptions } from '../../src/chapter/trainModel.js';
import { loadModel, saveModel } from '../../src/models/index.js';
import { evaluate, isRegressionEvaluation } from '../../src/training/index.js';
import { darkAndBrightImages, tinySpec } from '../training/syntheticImages.js';

describe('trainModel', () => {
  let root: string;
  const options: TrainModelOptions = {
    modelName: 'tiny',
    spec: tinySpec,
    train: darkAndBrightImages(32),
    validation: darkAndBrightImages(8),
    test: darkAndBrightImages(10),
    classNames: ['dark', 'bright'],
    datasetName: 'dark-bright',
    epochs: 2,
    batchSize: 16,
    seed: 1,
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-train-model-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('training two models in one process leaves no tensor behind, the optimizer state included', async () => {
    await trainModel(options);
    const before = tf.memory().numTensors;
    await trainModel(options);
    await trainModel({ ...options, spec: { ...tinySpec, optimizer: { name: 'rmsprop' } } });
    assert.equal(tf.memory().numTensors, before);
  });

  test('a callback that throws abandons the model unsaved and still frees its tensors', async () => {
    await trainModel(options);
    const before = tf.memory().numTensors;
    let saved = false;
    await assert.rejects(
      trainModel({
        ...options,
        callbacks: {
          onEpochEnd: () => {
            throw new Error('stop here');
          },
        },
        save: async () => {
          saved = true;
        },
      }),
      /stop here/,
    );
    assert.equal(saved, false);
    assert.equal(tf.memory().numTensors, before);
  });

  test('returns the scores of the predictions it hands to save, and the saved model scores the same', async () => {
    const dir = join(root, 'saved');
    let handed: { test: number; val: number | undefined } | undefined;
    const trained = await trainModel({
      ...options,
      save: async ({ model, metadata, predictions }) => {
        assert.deepEqual(metadata.classNames, options.classNames);
        assert.equal(metadata.dataset, 'dark-bright');
        handed = { test: predictions.test.probabilities.rows, val: predictions.val?.probabilities.rows };
        await saveModel(model, dir, metadata);
      },
    });
    assert.deepEqual(handed, { test: 10, val: 8 });
    assert.equal(trained.history.epoch.length, 2);
    assert.equal(trained.steps, 4);
    assert.ok(trained.validation && !isRegressionEvaluation(trained.validation), 'a classifier is scored by accuracy');
    assert.equal(trained.validation.accuracy, trained.history.history.val_acc[1]);
    const { model } = await loadModel(dir);
    const score = evaluate(model, options.test);
    assert.ok(!isRegressionEvaluation(score) && !isRegressionEvaluation(trained.test));
    assert.ok(Math.abs(score.loss - trained.test.loss) < 1e-5, `${score.loss} vs ${trained.test.loss}`);
    assert.equal(score.accuracy, trained.test.accuracy);
    model.optimizer.dispose();
    model.dispose();
  });

  test('without validation images there is no validation score', async () => {
    const trained = await trainModel({ ...options, validation: undefined });
    assert.equal(trained.validation, undefined);
    assert.deepEqual(trained.history.history.val_acc, []);
  });
});
