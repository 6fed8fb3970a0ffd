import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disagreementMatrix, meanPairwiseDisagreement } from '../../src/ensembling/diversity.js';
import { matrix } from '../support/probabilities.js';

// Argmax per row: a = [0, 0, 1, 1], b = [0, 1, 1, 1], c = [1, 1, 0, 0].
const a = matrix([
  [0.9, 0.1],
  [0.6, 0.4],
  [0.2, 0.8],
  [0.3, 0.7],
]);
const b = matrix([
  [0.8, 0.2],
  [0.4, 0.6],
  [0.1, 0.9],
  [0.4, 0.6],
]);
const c = matrix([
  [0.3, 0.7],
  [0.2, 0.8],
  [0.9, 0.1],
  [0.7, 0.3],
]);

test('disagreementMatrix gives the fraction of rows where two members argmax differently', () => {
  assert.deepEqual(disagreementMatrix([a, b, c]), [
    [0, 0.25, 1],
    [0.25, 0, 0.75],
    [1, 0.75, 0],
  ]);
});

test('meanPairwiseDisagreement averages the distinct pairs', () => {
  assert.ok(Math.abs(meanPairwiseDisagreement([a, b, c]) - 2 / 3) < 1e-12);
  assert.equal(meanPairwiseDisagreement([a]), 0);
});
