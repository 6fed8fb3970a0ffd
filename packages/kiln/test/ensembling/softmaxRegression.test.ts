import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy } from '../../src/metrics/classification.js';
import { SoftmaxRegression } from '../../src/ensembling/softmaxRegression.js';
import { seededRandom } from '../support/probabilities.js';

// Three classes centred at (0, 3), (3, 0) and (-3, -3), with unit-ish noise.
const random = seededRandom(9);
const centres = [
  [0, 3],
  [3, 0],
  [-3, -3],
];
const labels = Int32Array.from({ length: 150 }, (_, row) => row % 3);
const features = Float64Array.from(
  { length: 300 },
  (_, i) => centres[labels[Math.floor(i / 2)]!]![i % 2]! + (random() - 0.5) * 2,
);

test('softmax regression separates well-separated classes and converges', () => {
  const regression = new SoftmaxRegression(2, 3, { l2: 1e-4 });
  const result = regression.fit(features, labels);
  assert.ok(result.converged, `stopped after ${result.iterations} iterations`);
  assert.equal(accuracy(regression.predictProbabilities(features), labels), 1);
});

test('a strong L2 penalty shrinks the coefficients towards uniform predictions', () => {
  const weak = new SoftmaxRegression(2, 3, { l2: 1e-4 });
  const strong = new SoftmaxRegression(2, 3, { l2: 100 });
  weak.fit(features, labels);
  strong.fit(features, labels);
  const norm = (model: SoftmaxRegression) => Math.hypot(...model.parameters.subarray(0, 6));
  assert.ok(norm(strong) < 0.01 * norm(weak), `${norm(strong)} vs ${norm(weak)}`);
  const probabilities = strong.predictProbabilities(features).data;
  probabilities.forEach((p) => assert.ok(Math.abs(p - 1 / 3) < 0.05, `probability ${p}`));
});

test('softmax regression rejects features that do not fit its input size', () => {
  assert.throws(
    () => new SoftmaxRegression(2, 3).predictProbabilities(new Float64Array(5)),
    /5 feature values do not split into rows of 2 inputs/,
  );
  assert.throws(() => new SoftmaxRegression(2, 3, { l2: -1 }), /l2 must be non-negative/);
});

test('softmax regression standardizes its inputs, so rescaling a feature changes nothing', () => {
  const plain = new SoftmaxRegression(2, 3, { l2: 1e-2 });
  const rescaled = new SoftmaxRegression(2, 3, { l2: 1e-2 });
  plain.fit(features, labels);
  const shifted = features.map((value, i) => (i % 2 === 0 ? value * 1000 + 5 : value));
  rescaled.fit(shifted, labels);
  const a = plain.predictProbabilities(features).data;
  const b = rescaled.predictProbabilities(shifted).data;
  a.forEach((p, i) => assert.ok(Math.abs(p - b[i]!) < 1e-4, `row ${Math.floor(i / 3)}: ${p} vs ${b[i]}`));
});
