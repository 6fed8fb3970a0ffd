import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageEnsemble } from '../../src/ensembling/averageEnsemble.js';
import { matrix, assertClose } from '../support/probabilities.js';

test('averageEnsemble returns the row-wise mean of the members', () => {
  const a = matrix([
    [0.9, 0.1],
    [0.2, 0.8],
  ]);
  const b = matrix([
    [0.5, 0.5],
    [0.6, 0.4],
  ]);
  const c = matrix([
    [0.1, 0.9],
    [0.1, 0.9],
  ]);
  const mean = averageEnsemble([a, b, c]);
  assert.equal(mean.rows, 2);
  assert.equal(mean.classes, 2);
  assertClose(mean.data, [0.5, 0.5, 0.3, 0.7]);
});

test('averageEnsemble normalizes weights so they sum to one', () => {
  const a = matrix([[1, 0]]);
  const b = matrix([[0, 1]]);
  assertClose(averageEnsemble([a, b], [3, 1]).data, [0.75, 0.25]);
});

test('averageEnsemble rejects weights that are negative, all zero or miscounted', () => {
  const a = matrix([[1, 0]]);
  const b = matrix([[0, 1]]);
  assert.throws(() => averageEnsemble([a, b], [1, -1]), /non-negative/);
  assert.throws(() => averageEnsemble([a, b], [0, 0]), /sum to 0/);
  assert.throws(() => averageEnsemble([a, b], [1]), /one weight per member/);
});
