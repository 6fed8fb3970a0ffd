import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadTable } from '../../src/data/loadTable.js';
import { compileModel } from '../../src/models/compileModel.js';
import { buildMlp } from '../../src/models/mlp.js';
import { evaluate, fit, predict } from '../../src/training/index.js';
import { temporaryFolder } from '../data/fixtures.js';
import { tableRows, writeCsv } from '../support/userData.js';

describe('fit, evaluate and predict on tables', () => {
  let folder: { path: string; remove: () => Promise<void> };
  before(async () => {
    await tf.setBackend('cpu');
    folder = await temporaryFolder();
    await writeCsv(join(folder.path, 'rows.csv'), tableRows(300));
  });
  after(() => folder.remove());

  it('learns a classification target from numeric, string and missing values', async () => {
    const dataset = await loadTable(join(folder.path, 'rows.csv'), { target: 'species', testSplit: 0.2, seed: 1 });
    const context = {
      inputShape: [dataset.train.featureCount],
      outputs: 3,
      numClasses: 3,
      classNames: dataset.classNames,
      task: 'classification' as const,
      seed: 1,
    };
    const model = buildMlp(context, { units: [32] });
    compileModel(model, { name: 'adam', learningRate: 0.01 });
    const history = await fit(model, dataset.train, {
      epochs: 30,
      batchSize: 32,
      verbose: 0,
      seed: 1,
      validationSplit: 0.2,
    });
    assert.equal(history.history.val_acc.length, 30);
    const scores = evaluate(model, dataset.test);
    assert.ok('accuracy' in scores && scores.accuracy > 0.8, `test accuracy ${JSON.stringify(scores)}`);
  });

  it('learns a regression target, logging and scoring mae in the target’s units', async () => {
    const dataset = await loadTable(join(folder.path, 'rows.csv'), { target: 'price', testSplit: 0.2, seed: 1 });
    assert.equal(dataset.task, 'regression');
    const context = {
      inputShape: [dataset.train.featureCount],
      outputs: 1,
      numClasses: 0,
      classNames: [],
      task: 'regression' as const,
      seed: 1,
    };
    const model = buildMlp(context, { units: [32], dropout: 0 });
    compileModel(model, { name: 'adam', learningRate: 0.01 }, 'regression');
    const history = await fit(model, dataset.train, {
      epochs: 40,
      batchSize: 32,
      verbose: 0,
      seed: 1,
      validationSplit: 0.2,
    });
    assert.equal(history.history.mae.length, 40);
    assert.equal(history.history.acc.length, 0);
    const scores = evaluate(model, dataset.test);
    // price = 3x + 10 [blue] + 100, with x in [0, 10): its spread is about 10; a constant guess is off by ~8.
    assert.ok('mae' in scores && scores.mae < 3, `test mae ${JSON.stringify(scores)}`);
    const predictions = predict(model, dataset.test);
    assert.equal(predictions.classes, 1);
    assert.ok(Math.abs(predictions.data[0]! - dataset.test.values[0]!) < 10, 'predictions are in the target’s units');
  });
});
