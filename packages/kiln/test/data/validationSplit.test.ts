import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validationSplit } from '../../src/data/validationSplit.js';
import { tinyImageSet } from './fixtures.js';

describe('validationSplit', () => {
  it('takes the last fraction as validation data, in order, like Keras', () => {
    const set = tinyImageSet([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { train, validation } = validationSplit(set, 0.2);
    assert.deepEqual([train.count, validation.count], [8, 2]);
    assert.deepEqual([...validation.labels], [8, 9]);
    assert.deepEqual([...validation.images], [8, 0, 9, 0]);
    assert.deepEqual([...train.labels], [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(train.height, 2);
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
    for (const fraction of [0, 1, -0.1, Number.NaN])
      assert.throws(() => validationSplit(tinyImageSet([0, 1]), fraction), RangeError);
  });
});
