import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracy,
  confusionMatrix,
  evaluateProbabilities,
  expectedCalibrationError,
  logLoss,
} from '../../src/metrics/classification.js';
import { matrix } from '../support/probabilities.js';

test('accuracy counts rows whose argmax is the label, ties going to the lower class', () => {
  const probabilities = matrix([
    [0.7, 0.3],
    [0.4, 0.6],
    [0.5, 0.5],
    [0.9, 0.1],
  ]);
  assert.equal(accuracy(probabilities, Uint8Array.of(0, 1, 0, 1)), 0.75);
});

test('logLoss is the mean negative log-probability of the true class', () => {
  const probabilities = matrix([
    [0.5, 0.5],
    [0.25, 0.75],
  ]);
  const expected = (Math.log(2) - Math.log(0.75)) / 2;
  assert.ok(Math.abs(logLoss(probabilities, Uint8Array.of(0, 1)) - expected) < 1e-7);
});

test('logLoss clips a zero probability instead of returning Infinity', () => {
  const loss = logLoss(matrix([[1, 0]]), Uint8Array.of(1));
  assert.ok(Math.abs(loss + Math.log(1e-7)) < 1e-6, `loss ${loss}`);
});

test('expectedCalibrationError is 0 for a perfectly calibrated toy', () => {
  // Ten rows at confidence 0.8, eight of them right; five rows at confidence 1, all right.
  const rows = [...Array.from({ length: 10 }, () => [0.8, 0.2]), ...Array.from({ length: 5 }, () => [0, 1])];
  const labels = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1);
  assert.ok(expectedCalibrationError(matrix(rows), labels) < 1e-6);
});

test('expectedCalibrationError weights each bin gap by its share of rows', () => {
  // Two rows at 0.9 (one right): gap 0.4; two rows at 0.6 (both right): gap 0.4; total 0.4.
  const probabilities = matrix([
    [0.9, 0.1],
    [0.9, 0.1],
    [0.4, 0.6],
    [0.4, 0.6],
  ]);
  const ece = expectedCalibrationError(probabilities, Uint8Array.of(0, 1, 1, 1));
  assert.ok(Math.abs(ece - 0.4) < 1e-6, `ece ${ece}`);
});

test('confusionMatrix counts true class by predicted class', () => {
  const probabilities = matrix([
    [0.8, 0.1, 0.1],
    [0.1, 0.8, 0.1],
    [0.1, 0.8, 0.1],
    [0.1, 0.1, 0.8],
  ]);
  assert.deepEqual(confusionMatrix(probabilities, Uint8Array.of(0, 1, 2, 2)), [
    [1, 0, 0],
    [0, 1, 0],
    [0, 1, 1],
  ]);
});

test('evaluateProbabilities reports accuracy, log loss and ECE together', () => {
  const probabilities = matrix([
    [1, 0],
    [0, 1],
  ]);
  const report = evaluateProbabilities(probabilities, Uint8Array.of(0, 1));
  assert.equal(report.accuracy, 1);
  assert.ok(report.loss < 1e-6);
  assert.ok(report.expectedCalibrationError < 1e-6);
});

test('metrics reject labels that do not fit the probabilities', () => {
  assert.throws(() => accuracy(matrix([[1, 0]]), Uint8Array.of(2)), /outside the 2 classes/);
});
