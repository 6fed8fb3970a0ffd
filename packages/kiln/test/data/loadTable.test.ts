import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTable } from '../../src/data/loadTable.js';
import { fitTablePreprocessing, transformTable } from '../../src/data/tablePreprocessing.js';
import { tableRows, writeCsv } from '../support/userData.js';
import { temporaryFolder } from './fixtures.js';

describe('table preprocessing', () => {
  const table = {
    columns: ['size', 'color', 'label'],
    rows: [
      { size: '1', color: 'red', label: 'a' },
      { size: '3', color: 'blue', label: 'b' },
      { size: '', color: 'red', label: 'a' },
      { size: '5', color: '', label: 'b' },
    ],
  };

  it('standardizes with the training statistics, one-hot encodes, imputes and marks missing cells', () => {
    const preprocessing = fitTablePreprocessing(table, 'label');
    assert.deepEqual(preprocessing.featureNames, [
      'size',
      'size (missing)',
      'color=blue',
      'color=red',
      'color (missing)',
    ]);
    const set = transformTable(preprocessing, table);
    const std = Math.sqrt(8 / 3);
    const expected = [
      [-2 / std, 0, 0, 1, 0],
      [0, 0, 1, 0, 0],
      [0, 1, 0, 1, 0], // size imputed with the mean, which standardizes to 0
      [2 / std, 0, 0, 1, 1], // color imputed with the most frequent, red
    ];
    assert.deepEqual(
      Array.from(set.features, (v) => Number(v.toFixed(5))),
      expected.flat().map((v) => Number(v.toFixed(5))),
    );
    assert.deepEqual([...set.labels], [0, 1, 0, 1]);
  });

  it('maps a category unseen in training to no category at all', () => {
    const preprocessing = fitTablePreprocessing(table, 'label');
    const set = transformTable(preprocessing, {
      columns: table.columns,
      rows: [{ size: '3', color: 'green', label: 'a' }],
    });
    assert.deepEqual([...set.features], [0, 0, 0, 0, 0]);
  });

  it('takes string and few-integer targets as classes, other numbers as regression, unless told', () => {
    const rows = (values: string[]) => ({ columns: ['x', 'y'], rows: values.map((y, i) => ({ x: String(i), y })) });
    assert.equal(fitTablePreprocessing(rows(['1', '2', '1', '3']), 'y').task, 'classification');
    assert.deepEqual(fitTablePreprocessing(rows(['10', '2', '1', '3']), 'y').classNames, ['1', '2', '3', '10']);
    assert.equal(fitTablePreprocessing(rows(['1.5', '2', '1', '3']), 'y').task, 'regression');
    const many = Array.from({ length: 30 }, (_, i) => String(i));
    assert.equal(fitTablePreprocessing(rows(many), 'y').task, 'regression');
    assert.equal(fitTablePreprocessing(rows(['1', '2', '1', '3']), 'y', { task: 'regression' }).task, 'regression');
  });

  it('survives a JSON round trip, so it can be saved with a model', () => {
    const preprocessing = fitTablePreprocessing(table, 'label');
    const reloaded = JSON.parse(JSON.stringify(preprocessing));
    assert.deepEqual(transformTable(reloaded, table), transformTable(preprocessing, table));
  });

  it('names the missing target column and the columns there are', () => {
    assert.throws(() => fitTablePreprocessing(table, 'species'), /no column 'species'.*size, color, label/);
  });
});

describe('loadTable', () => {
  let folder: { path: string; remove: () => Promise<void> };
  before(async () => {
    folder = await temporaryFolder();
    await writeCsv(join(folder.path, 'train.csv'), tableRows(60));
    await writeCsv(join(folder.path, 'test.csv'), tableRows(20, 60, { unseenColor: true }));
  });
  after(() => folder.remove());

  it('reads a training and a test CSV, the test rows preprocessed with the training statistics', async () => {
    const dataset = await loadTable(join(folder.path, 'train.csv'), {
      target: 'species',
      testData: join(folder.path, 'test.csv'),
    });
    assert.equal(dataset.task, 'classification');
    assert.deepEqual(dataset.classNames, ['alpha', 'beta', 'gamma']);
    assert.equal(dataset.train.count, 60);
    assert.equal(dataset.test.count, 20);
    // price is a numeric feature here; x and color have missing cells, so indicators follow them.
    assert.deepEqual(dataset.preprocessing?.featureNames, [
      'x',
      'x (missing)',
      'color=blue',
      'color=green',
      'color=red',
      'color (missing)',
      'price',
    ]);
    let mean = 0;
    for (let row = 0; row < 60; row++) mean += dataset.train.features[row * 7 + 6]! / 60;
    assert.ok(Math.abs(mean) < 1e-5, 'the training rows are standardized to mean 0');
    const purple = [...dataset.test.features.subarray(0, 7)];
    assert.deepEqual(purple.slice(2, 6), [0, 0, 0, 0], 'the unseen color is no category');
  });

  it('infers regression for a numeric target and scales it for training', async () => {
    const dataset = await loadTable(join(folder.path, 'train.csv'), { target: 'price', testSplit: 0.25, seed: 2 });
    assert.equal(dataset.task, 'regression');
    assert.deepEqual([dataset.train.count, dataset.test.count], [45, 15]);
    assert.ok(dataset.train.targetScale && dataset.train.targetScale.std > 1);
    assert.equal(dataset.train.values.length, 45);
  });

  it('reads a JSON array of records as it reads a CSV', async () => {
    const rows = tableRows(30).map((row) => ({ ...row, x: row.x === '' ? null : Number(row.x) }));
    await writeFile(join(folder.path, 'train.json'), JSON.stringify(rows));
    const dataset = await loadTable(join(folder.path, 'train.json'), { target: 'species' });
    assert.equal(dataset.train.count, 30);
    assert.equal(dataset.preprocessing?.columns[0]?.kind, 'numeric');
  });
});
