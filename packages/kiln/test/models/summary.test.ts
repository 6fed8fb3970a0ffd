import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { setupBackend } from '../../src/backend/select.js';
import { buildModel, modelSummary } from '../../src/models/index.js';

/** The `Param #` column of a summary, by layer name. */
function paramsByLayer(summary: string): Map<string, number> {
  const rows = summary.split('\n').map((line) => /^(\S+) \(\w+\)\s+\(.*\)\s+(\d+)$/.exec(line));
  return new Map(rows.filter((row) => row !== null).map((row) => [row[1], Number(row[2])]));
}

function totals(summary: string): string[] {
  return summary.split('\n').filter((line) => /params:/.test(line));
}

describe('modelSummary', () => {
  before(async () => {
    await setupBackend('cpu');
  });

  test("separable: the per-layer counts of the chapter's table", () => {
    const params = paramsByLayer(modelSummary(buildModel('separable')));
    assert.deepEqual(
      [
        'separable_conv2d',
        'separable_conv2d_1',
        'max_pooling2d',
        'separable_conv2d_2',
        'separable_conv2d_3',
        'max_pooling2d_1',
        'separable_conv2d_4',
      ].map((name) => params.get(name)),
      [155, 2400, 0, 4736, 8896, 0, 9408],
    );
    assert.deepEqual(totals(modelSummary(buildModel('separable'))), [
      'Total params: 38,949',
      'Trainable params: 38,949',
      'Non-trainable params: 0',
    ]);
  });

  test('regular and regular-adadelta: 1,626,442 parameters, as in Keras', () => {
    for (const name of ['regular', 'regular-adadelta']) {
      const summary = modelSummary(buildModel(name));
      assert.deepEqual(totals(summary), [
        'Total params: 1,626,442',
        'Trainable params: 1,626,442',
        'Non-trainable params: 0',
      ]);
      assert.deepEqual([...paramsByLayer(summary).values()], [896, 18496, 0, 0, 0, 1605760, 0, 1290]);
    }
  });

  test('batch-normalized models: bias-free convolutions, 4 BN parameters per channel, 2 of them non-trainable', () => {
    const separableBn = modelSummary(buildModel('separable-bn'));
    assert.equal(paramsByLayer(separableBn).get('separable_conv2d'), 27 + 96);
    assert.equal(paramsByLayer(separableBn).get('batch_normalization'), 4 * 32);
    assert.deepEqual(totals(separableBn), [
      'Total params: 40,389',
      'Trainable params: 39,429',
      'Non-trainable params: 960',
    ]);
    const regularBn = modelSummary(buildModel('regular-bn'));
    assert.deepEqual(totals(regularBn), [
      'Total params: 1,626,730',
      'Trainable params: 1,626,538',
      'Non-trainable params: 192',
    ]);
  });

  test("prints Keras 2's layout: model name, header, rules, Keras layer names and (None, ...) shapes", () => {
    const lines = modelSummary(buildModel('regular')).split('\n');
    const rule = '_'.repeat(65);
    assert.deepEqual(lines.slice(0, 6), [
      'Model: "sequential"',
      rule,
      'Layer (type)                 Output Shape              Param #',
      '='.repeat(65),
      'conv2d (Conv2D)              (None, 30, 30, 32)        896',
      rule,
    ]);
    assert.deepEqual(lines.slice(-6), [
      '='.repeat(65),
      'Total params: 1,626,442',
      'Trainable params: 1,626,442',
      'Non-trainable params: 0',
      rule,
      '',
    ]);
    assert.ok(lines.includes('flatten (Flatten)            (None, 12544)             0'));
  });

  test('widens the first column for long layer names instead of cutting them', () => {
    const summary = modelSummary(buildModel('separable'));
    assert.match(summary, /^global_average_pooling2d \(GlobalAveragePooling2D\) \(None, 128\) +0$/m);
  });
});
