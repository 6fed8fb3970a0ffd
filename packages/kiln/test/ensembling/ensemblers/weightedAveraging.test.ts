import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageEnsemble } from '../../../src/ensembling/averageEnsemble.js';
import { logLoss } from '../../../src/metrics/classification.js';
import { WeightedAveragingEnsembler } from '../../../src/ensembling/ensemblers/weightedAveraging.js';
import { memberPredicting, randomLabels, seededRandom } from '../../support/probabilities.js';

const classes = 4;
const random = seededRandom(7);
const labels = randomLabels(400, classes, random);
const wrongClass = (label: number) => (label + 1) % classes;
// Right on 80% / 70% of rows, each on different rows; the third is always wrong.
const goodA = memberPredicting(labels, classes, 0.7, (label) => (random() < 0.8 ? label : wrongClass(label)));
const goodB = memberPredicting(labels, classes, 0.6, (label) => (random() < 0.7 ? label : wrongClass(label)));
const alwaysWrong = memberPredicting(labels, classes, 0.9, wrongClass);

function assertOnSimplex(weights: readonly number[]): void {
  weights.forEach((weight) => assert.ok(weight >= 0, `negative weight in ${weights}`));
  assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-9, `weights ${weights} do not sum to 1`);
}

test('weighted averaging gives about zero weight to a member that is always wrong', () => {
  const ensembler = new WeightedAveragingEnsembler().fit([goodA, alwaysWrong, goodB], labels);
  assertOnSimplex(ensembler.weights);
  assert.ok(ensembler.weights[1]! < 1e-3, `weights ${ensembler.weights}`);
  assert.ok(ensembler.weights[0]! > ensembler.weights[2]!, `the better member should weigh more: ${ensembler.weights}`);
});

test('weighted averaging converges to the log-loss minimum over the simplex', () => {
  const members = [
    goodA,
    goodB,
    memberPredicting(labels, classes, 0.5, (label, row) => (row % 3 === 0 ? wrongClass(label) : label)),
  ];
  const ensembler = new WeightedAveragingEnsembler().fit(members, labels);
  assert.ok(ensembler.converged, `stopped after ${ensembler.fitIterations} iterations without converging`);
  assertOnSimplex(ensembler.weights);
  const fitted = logLoss(ensembler.predict(members), labels);
  // No point of a 1/100 grid over the simplex may beat the fitted weights.
  let gridBest = Number.POSITIVE_INFINITY;
  for (let a = 0; a <= 100; a++) {
    for (let b = 0; a + b <= 100; b++) {
      gridBest = Math.min(gridBest, logLoss(averageEnsemble(members, [a, b, 100 - a - b]), labels));
    }
  }
  assert.ok(fitted <= gridBest + 1e-5, `fitted loss ${fitted} > grid minimum ${gridBest}`);
});

test('weighted averaging beats plain averaging on validation log loss when members differ in quality', () => {
  const members = [goodA, goodB, alwaysWrong];
  const weighted = logLoss(new WeightedAveragingEnsembler().fit(members, labels).predict(members), labels);
  assert.ok(weighted < logLoss(averageEnsemble(members), labels));
});
