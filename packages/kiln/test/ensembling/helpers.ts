import assert from 'node:assert/strict';
import type { ProbabilityMatrix } from '../../src/ensembling/probabilityMatrix.js';

/** A probability matrix from nested rows, for hand-written fixtures. */
export function matrix(rows: readonly (readonly number[])[]): ProbabilityMatrix {
  return { data: Float32Array.from(rows.flat()), rows: rows.length, classes: rows[0]!.length };
}

/** Asserts element-wise closeness, printing both arrays on failure. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-5): void {
  const values = Array.from(actual);
  assert.equal(values.length, expected.length, `length ${values.length} != ${expected.length}`);
  values.forEach((value, i) => {
    assert.ok(Math.abs(value - expected[i]!) <= tolerance, `[${values.join(', ')}] != [${expected.join(', ')}] at ${i}`);
  });
}
