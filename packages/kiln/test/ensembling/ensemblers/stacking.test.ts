import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy } from '../../../src/metrics/classification.js';
import { StackingEnsembler } from '../../../src/ensembling/ensemblers/stacking.js';
import { averageEnsemble } from '../../../src/ensembling/averageEnsemble.js';
import { matrix, memberPredicting, randomLabels, seededRandom } from '../../support/probabilities.js';

const classes = 3;
const random = seededRandom(3);
const labels = randomLabels(300, classes, random);
// Noise: a random class each row. Permuted: always names (label + 1) mod 3 -- wrong by argmax,
// yet it determines the label exactly, which a stacker can learn and an average cannot.
const noise = memberPredicting(labels, classes, 0.6, () => Math.floor(random() * classes));
const permuted = memberPredicting(labels, classes, 0.8, (label) => (label + 1) % classes);

test('a stacker recovers high accuracy from a member that is perfectly informative but permuted', () => {
  const stacker = new StackingEnsembler().fit([noise, permuted], labels);
  assert.ok(accuracy(stacker.outOfFoldPredictions!, labels) > 0.95);
  assert.ok(accuracy(stacker.predict([noise, permuted]), labels) > 0.95);
  assert.ok(accuracy(averageEnsemble([noise, permuted]), labels) < 0.5);
});

test('stacking works on raw probabilities as well as their logs', () => {
  const stacker = new StackingEnsembler({ features: 'probabilities' }).fit([noise, permuted], labels);
  assert.ok(accuracy(stacker.outOfFoldPredictions!, labels) > 0.95);
});

test("a stacker's out-of-fold predictions differ from its in-sample ones", () => {
  const stacker = new StackingEnsembler({ folds: 4 }).fit([noise, permuted], labels);
  const inSample = stacker.predict([noise, permuted]);
  const outOfFold = stacker.outOfFoldPredictions!;
  let largest = 0;
  for (let i = 0; i < inSample.data.length; i++)
    largest = Math.max(largest, Math.abs(inSample.data[i]! - outOfFold.data[i]!));
  assert.ok(largest > 1e-4, `largest difference ${largest}`);
});

test('out-of-fold predictions on pure noise stay near chance while in-sample ones overfit', () => {
  // Every member is noise, with many features per row, so in-sample fits memorize.
  const few = randomLabels(40, classes, random);
  const members = Array.from({ length: 6 }, () =>
    memberPredicting(few, classes, 0.7, () => Math.floor(random() * classes)),
  );
  const stacker = new StackingEnsembler({ l2: 0 }).fit(members, few);
  assert.ok(accuracy(stacker.predict(members), few) > accuracy(stacker.outOfFoldPredictions!, few) + 0.2);
});

test('stacking refuses fewer validation rows than folds and fewer than two folds', () => {
  const two = matrix([
    [0.6, 0.4],
    [0.3, 0.7],
  ]);
  assert.throws(
    () => new StackingEnsembler({ folds: 5 }).fit([two], Uint8Array.of(0, 1)),
    /5 folds needs at least 5 validation rows, got 2/,
  );
  assert.throws(() => new StackingEnsembler({ folds: 1 }), /folds >= 2/);
});
