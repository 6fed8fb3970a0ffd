import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCategorical } from '../../src/data/toCategorical.js';

describe('toCategorical', () => {
  it('puts a single 1 in each row, at the column of the label', () => {
    assert.deepEqual([...toCategorical(Uint8Array.from([2, 0, 1]), 3)], [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it('returns float32 rows of numClasses columns even when higher classes are absent', () => {
    const oneHot = toCategorical([0, 0], 10);
    assert.ok(oneHot instanceof Float32Array);
    assert.equal(oneHot.length, 20);
  });

  it('rejects a label outside 0..numClasses-1', () => {
    assert.throws(() => toCategorical([1, 10], 10), /label 10 at index 1 is outside 0\.\.9/);
    assert.throws(() => toCategorical([-1], 10), RangeError);
  });
});
