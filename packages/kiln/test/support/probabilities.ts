import assert from 'node:assert/strict';
import type { ProbabilityMatrix } from '../../src/metrics/probabilityMatrix.js';

/** A probability matrix from nested rows, for hand-written fixtures. */
export function matrix(rows: readonly (readonly number[])[]): ProbabilityMatrix {
  return { data: Float32Array.from(rows.flat()), rows: rows.length, classes: rows[0]!.length };
}

/** Asserts element-wise closeness, printing both arrays on failure. */
export function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-5): void {
  const values = Array.from(actual);
  assert.equal(values.length, expected.length, `length ${values.length} != ${expected.length}`);
  values.forEach((value, i) => {
    assert.ok(
      Math.abs(value - expected[i]!) <= tolerance,
      `[${values.join(', ')}] != [${expected.join(', ')}] at ${i}`,
    );
  });
}

/** A small seeded generator (mulberry32) so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniformly random labels in [0, classes). */
export function randomLabels(rows: number, classes: number, random: () => number): Uint8Array {
  return Uint8Array.from({ length: rows }, () => Math.floor(random() * classes));
}

/**
 * A member that puts `confidence` on the class `predict(label, row)` names and spreads the rest
 * evenly: a noisy classifier whose behaviour the test chooses.
 */
export function memberPredicting(
  labels: Uint8Array,
  classes: number,
  confidence: number,
  predict: (label: number, row: number) => number,
): ProbabilityMatrix {
  const rest = (1 - confidence) / (classes - 1);
  const rows = Array.from(labels, (label, row) => {
    const predicted = predict(label, row);
    return Array.from({ length: classes }, (_, k) => (k === predicted ? confidence : rest));
  });
  return matrix(rows);
}
