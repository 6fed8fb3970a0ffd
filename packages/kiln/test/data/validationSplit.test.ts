import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { TableSet } from '../../src/data/types.js';
import { validationSplit } from '../../src/data/validationSplit.js';
import { tinyImageSet } from './fixtures.js';

/** Rows `[i, 10 i]` with class `i % 3`. */
function tinyTable(count: number): TableSet {
  return {
    features: Float32Array.from({ length: 2 * count }, (_, k) => (k % 2 ? 10 : 1) * Math.floor(k / 2)),
    featureCount: 2,
    count,
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    values: new Float32Array(0),
  };
}

describe('validationSplit', () => {
  it('takes the last fraction of an image set as validation data, in order, like Keras', () => {
    const set = tinyImageSet([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { train, validation } = validationSplit(set, 0.2);
    assert.deepEqual([train.count, validation.count], [8, 2]);
    assert.deepEqual([...validation.labels], [8, 9]);
    assert.deepEqual([...validation.images], [8, 0, 9, 0]);
    assert.deepEqual([...train.labels], [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(train.height, 2);
    // Views, not copies: 50,000 CIFAR-10 images are not duplicated to split them.
    assert.equal(validation.images.buffer, set.images.buffer);
  });

  it('splits table rows the same way, features, labels and regression values alike', () => {
    const { train, validation } = validationSplit(tinyTable(7), 0.3);
    assert.deepEqual([train.count, validation.count], [4, 3]);
    assert.deepEqual([...validation.features], [4, 40, 5, 50, 6, 60]);
    assert.deepEqual([...validation.labels], [1, 2, 0]);
    assert.deepEqual([...train.features.subarray(0, 2)], [0, 0]);
    const regression: TableSet = { ...tinyTable(5), labels: new Int32Array(0), values: Float32Array.of(1, 2, 3, 4, 5) };
    const split = validationSplit(regression, 0.4);
    assert.deepEqual(
      [[...split.train.values], [...split.validation.values]],
      [
        [1, 2, 3],
        [4, 5],
      ],
    );
    assert.equal(split.validation.labels.length, 0);
  });

  it('splits a tensor along its first axis into two new tensors', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor3d(
      Float32Array.from({ length: 5 * 2 * 2 }, (_, i) => i),
      [5, 2, 2],
    );
    const { train, validation } = validationSplit(x, 0.2);
    assert.deepEqual(
      [train.shape, validation.shape],
      [
        [4, 2, 2],
        [1, 2, 2],
      ],
    );
    assert.deepEqual([...validation.dataSync()], [16, 17, 18, 19]);
    assert.deepEqual([...train.dataSync()].slice(-4), [12, 13, 14, 15]);
    const labels = validationSplit(tf.tensor1d([0, 1, 2, 3, 4, 5, 6]), 0.2);
    assert.deepEqual([...labels.validation.dataSync()], [5, 6]);
    tf.dispose([x, train, validation, labels.train, labels.validation]);
    assert.throws(() => validationSplit(tf.scalar(1), 0.5), /scalar tensor holds no examples/);
  });

  it('rounds the training part down, as Keras does (floor(count * (1 - fraction)))', () => {
    const { train, validation } = validationSplit(tinyImageSet([0, 1, 2, 3, 4, 5, 6]), 0.2);
    assert.deepEqual([train.count, validation.count], [5, 2]);
  });

  it('splits 50,000 CIFAR-10 images 40,000 / 10,000 at 0.2', () => {
    const { train, validation } = validationSplit(tinyImageSet(new Array<number>(50_000).fill(0)), 0.2);
    assert.deepEqual([train.count, validation.count], [40_000, 10_000]);
  });

  it('rejects a fraction outside (0, 1)', () => {
    for (const fraction of [0, 1, -0.1, Number.NaN]) {
      assert.throws(() => validationSplit(tinyImageSet([0, 1]), fraction), RangeError);
      assert.throws(() => validationSplit(tinyTable(2), fraction), RangeError);
    }
  });
});
