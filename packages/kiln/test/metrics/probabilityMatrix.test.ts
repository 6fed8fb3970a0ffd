import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { argmaxRows, probabilityMatrixFromTensor } from '../../src/metrics/probabilityMatrix.js';
import { assertClose, matrix } from '../support/probabilities.js';

test("argmaxRows picks each row's largest class, the first one on a tie", () => {
  assert.deepEqual(
    Array.from(
      argmaxRows(
        matrix([
          [0.1, 0.7, 0.2],
          [0.4, 0.2, 0.4],
          [0, 0, 1],
        ]),
      ),
    ),
    [1, 0, 2],
  );
});

test('probabilityMatrixFromTensor copies a [rows, classes] tensor and rejects other ranks', async () => {
  await tf.setBackend('cpu');
  const tensor = tf.tensor2d([
    [0.2, 0.8],
    [0.6, 0.4],
    [0.5, 0.5],
  ]);
  const probabilities = probabilityMatrixFromTensor(tensor);
  assert.equal(probabilities.rows, 3);
  assert.equal(probabilities.classes, 2);
  assertClose(probabilities.data, [0.2, 0.8, 0.6, 0.4, 0.5, 0.5]);
  const vector = tf.tensor1d([0.5, 0.5]);
  assert.throws(
    () => probabilityMatrixFromTensor(vector),
    /rank-2 \[rows, classes\] probability tensor, got shape \[2\]/,
  );
  tf.dispose([tensor, vector]);
});
