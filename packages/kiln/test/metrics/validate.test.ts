import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateMembers } from '../../src/metrics/validate.js';
import { matrix } from '../support/probabilities.js';

const twoByTwo = matrix([
  [0.5, 0.5],
  [0.2, 0.8],
]);

test('validateMembers rejects an empty member list', () => {
  assert.throws(() => validateMembers([]), /at least one member/);
});

test('validateMembers rejects members with different class counts', () => {
  assert.throws(
    () =>
      validateMembers([
        twoByTwo,
        matrix([
          [0.2, 0.3, 0.5],
          [0.1, 0.1, 0.8],
        ]),
      ]),
    /member 1 has 3 classes but member 0 has 2/,
  );
});

test('validateMembers rejects members with different row counts', () => {
  assert.throws(() => validateMembers([twoByTwo, matrix([[0.5, 0.5]])]), /member 1 has 1 rows but member 0 has 2/);
});

test('validateMembers rejects a probability array of the wrong length', () => {
  const short = { data: new Float32Array(3), rows: 2, classes: 2 };
  assert.throws(() => validateMembers([short]), /member 0 has 3 values but shape \[2, 2\] needs 4/);
});

test('validateMembers rejects negative or non-finite probabilities', () => {
  assert.throws(
    () => validateMembers([matrix([[-1, 2]])]),
    /row 0, class 0: probabilities must be finite and non-negative/,
  );
  assert.throws(() => validateMembers([matrix([[0.5, Number.NaN]])]), /row 0, class 1/);
});

test('validateMembers rejects labels out of range or miscounted', () => {
  assert.throws(() => validateMembers([twoByTwo], Uint8Array.of(0, 2)), /label 2 at row 1 is outside the 2 classes/);
  assert.throws(() => validateMembers([twoByTwo], Int32Array.of(-1, 0)), /label -1 at row 0/);
  assert.throws(() => validateMembers([twoByTwo], Uint8Array.of(0)), /1 labels for 2 rows/);
});

test('validateMembers accepts well-formed members and labels', () => {
  assert.doesNotThrow(() => validateMembers([twoByTwo, twoByTwo], Uint8Array.of(0, 1)));
});
