import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmaxRows } from '../../../src/metrics/probabilityMatrix.js';
import { VotingEnsembler } from '../../../src/ensembling/ensemblers/voting.js';
import { assertClose, matrix } from '../../support/probabilities.js';

const labels = Uint8Array.of(0, 1);

test('hard voting returns vote shares and follows the majority', () => {
  const a = matrix([
    [0.6, 0.3, 0.1],
    [0.1, 0.8, 0.1],
  ]);
  const b = matrix([
    [0.5, 0.4, 0.1],
    [0.1, 0.2, 0.7],
  ]);
  const c = matrix([
    [0.1, 0.9, 0.0],
    [0.2, 0.5, 0.3],
  ]);
  const voted = new VotingEnsembler({ voting: 'hard' }).fit([a, b, c], labels).predict([a, b, c]);
  assertClose(voted.data, [2 / 3, 1 / 3, 0, 0, 2 / 3, 1 / 3]);
  assert.deepEqual(Array.from(argmaxRows(voted)), [0, 1]);
});

test('hard voting breaks a tie in favour of the lowest tied class index', () => {
  // Row 0: votes for classes 2 and 1 tie, class 1 wins; row 1: votes for 2 and 0 tie, class 0 wins.
  const a = matrix([
    [0.1, 0.1, 0.8],
    [0.1, 0.1, 0.8],
  ]);
  const b = matrix([
    [0.1, 0.8, 0.1],
    [0.8, 0.1, 0.1],
  ]);
  const voted = new VotingEnsembler().fit([a, b], labels).predict([a, b]);
  assert.deepEqual(Array.from(argmaxRows(voted)), [1, 0]);
});

test('hard voting ignores confidence where soft voting weighs it', () => {
  // Two members lean weakly to class 0, one is sure of class 1.
  const a = matrix([[0.55, 0.45]]);
  const b = matrix([[0.55, 0.45]]);
  const c = matrix([[0.01, 0.99]]);
  const members = [a, b, c];
  const one = Uint8Array.of(0);
  assert.deepEqual(
    Array.from(argmaxRows(new VotingEnsembler({ voting: 'hard' }).fit(members, one).predict(members))),
    [0],
  );
  const soft = new VotingEnsembler({ voting: 'soft' }).fit(members, one).predict(members);
  assertClose(soft.data, [0.37, 0.63]);
});

test('voting refuses to predict before fit and with a different member count', () => {
  const a = matrix([[0.6, 0.4]]);
  assert.throws(() => new VotingEnsembler().predict([a]), /not fitted: call fit/);
  const voter = new VotingEnsembler().fit([a, a], Uint8Array.of(0));
  assert.throws(() => voter.predict([a]), /fitted on 2 members of 2 classes, got 1 members/);
});
