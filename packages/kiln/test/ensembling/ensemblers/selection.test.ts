import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnsembleSelectionEnsembler } from '../../../src/ensembling/ensemblers/selection.js';
import { matrix, memberPredicting, randomLabels, seededRandom } from '../../support/probabilities.js';

const classes = 3;
const random = seededRandom(11);
const labels = randomLabels(300, classes, random);
const wrongClass = (label: number) => (label + 1) % classes;

test('ensemble selection keeps picking a perfect member and never a useless one', () => {
  const perfect = memberPredicting(labels, classes, 0.98, (label) => label);
  const wrong = memberPredicting(labels, classes, 0.9, wrongClass);
  const noisy = memberPredicting(labels, classes, 0.5, (label) => (random() < 0.5 ? label : wrongClass(label)));
  const ensembler = new EnsembleSelectionEnsembler({ rounds: 10 }).fit([wrong, perfect, noisy], labels);
  assert.deepEqual(ensembler.weights, [0, 1, 0]);
  assert.equal(ensembler.history.length, 10);
});

test('ensemble selection combines members that are right on different rows and skips a wrong one', () => {
  // a is right on even rows, b on odd rows, both with confidence 0.6; c is always wrong.
  const a = memberPredicting(labels, classes, 0.6, (label, row) => (row % 2 === 0 ? label : wrongClass(label)));
  const b = memberPredicting(labels, classes, 0.6, (label, row) => (row % 2 === 1 ? label : wrongClass(label)));
  const c = memberPredicting(labels, classes, 0.9, wrongClass);
  const ensembler = new EnsembleSelectionEnsembler({ rounds: 20 }).fit([a, c, b], labels);
  assert.equal(ensembler.weights[1], 0);
  assert.ok(
    Math.abs(ensembler.weights[0]! - 0.5) <= 0.05 && Math.abs(ensembler.weights[2]! - 0.5) <= 0.05,
    `weights ${ensembler.weights}`,
  );
  // Weights are counts / rounds.
  ensembler.weights.forEach((weight) =>
    assert.ok(Math.abs(weight * 20 - Math.round(weight * 20)) < 1e-9, `weight ${weight}`),
  );
});

test('ensemble selection with initBest starts from the best single members', () => {
  const best = memberPredicting(labels, classes, 0.9, (label) => label);
  const second = memberPredicting(labels, classes, 0.6, (label) => (random() < 0.8 ? label : wrongClass(label)));
  const worst = memberPredicting(labels, classes, 0.9, wrongClass);
  const ensembler = new EnsembleSelectionEnsembler({ rounds: 4, initBest: 2 }).fit([worst, second, best], labels);
  assert.ok(ensembler.weights[1]! >= 0.25 && ensembler.weights[2]! >= 0.25, `weights ${ensembler.weights}`);
  assert.equal(ensembler.weights[0], 0);
});

test('ensemble selection by accuracy breaks ties towards the lower member index', () => {
  const same = matrix([
    [0.6, 0.4],
    [0.3, 0.7],
  ]);
  const ensembler = new EnsembleSelectionEnsembler({ rounds: 3, metric: 'accuracy' }).fit(
    [same, same],
    Uint8Array.of(0, 1),
  );
  assert.deepEqual(ensembler.weights, [1, 0]);
  assert.deepEqual(ensembler.history, [1, 1, 1]);
});

test('ensemble selection rejects bad rounds and initBest', () => {
  assert.throws(() => new EnsembleSelectionEnsembler({ rounds: 0 }), /rounds >= 1/);
  assert.throws(
    () => new EnsembleSelectionEnsembler({ rounds: 2, initBest: 3 }),
    /initBest must be an integer in \[0, rounds = 2\]/,
  );
  const one = matrix([[0.6, 0.4]]);
  assert.throws(
    () => new EnsembleSelectionEnsembler({ initBest: 2 }).fit([one], Uint8Array.of(0)),
    /more members than the 1 given/,
  );
});
