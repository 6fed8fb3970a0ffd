import type { Labels, ProbabilityMatrix } from './probabilityMatrix.js';

/**
 * Checks that `members` are well-formed probability matrices of one shape and that `labels`, if
 * given, has one in-range class per row. Every ensembling entry point calls this before any work,
 * so bad input fails fast with a message that says what to fix.
 */
export function validateMembers(members: readonly ProbabilityMatrix[], labels?: Labels): void {
  if (members.length === 0) {
    throw new Error('an ensemble needs at least one member, got an empty member list');
  }
  members.forEach((member, index) => validateMatrix(member, `member ${index}`));
  const { rows, classes } = members[0];
  members.forEach((member, index) => {
    if (member.classes !== classes) {
      throw new Error(
        `member ${index} has ${member.classes} classes but member 0 has ${classes}: every member must predict the same classes`,
      );
    }
    if (member.rows !== rows) {
      throw new Error(
        `member ${index} has ${member.rows} rows but member 0 has ${rows}: every member must predict the same examples`,
      );
    }
  });
  if (labels !== undefined) validateLabels(labels, rows, classes);
}

/** Checks one matrix: positive integer shape, data of length rows * classes, finite non-negative values. */
export function validateMatrix(matrix: ProbabilityMatrix, name = 'probability matrix'): void {
  const { data, rows, classes } = matrix;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(classes) || classes < 2) {
    throw new Error(`${name} has shape [${rows}, ${classes}]: it needs at least 1 row and 2 classes`);
  }
  if (data.length !== rows * classes) {
    throw new Error(
      `${name} has ${data.length} values but shape [${rows}, ${classes}] needs ${rows * classes}: check rows and classes`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new Error(
        `${name} holds ${value} at row ${Math.floor(i / classes)}, class ${i % classes}: probabilities must be finite and non-negative (apply softmax to logits first)`,
      );
    }
  }
}

/** Checks that `labels` has `rows` integer entries in `[0, classes)`. */
export function validateLabels(labels: Labels, rows: number, classes: number): void {
  if (labels.length !== rows) {
    throw new Error(`got ${labels.length} labels for ${rows} rows of predictions: pass one label per row`);
  }
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row];
    if (label < 0 || label >= classes) {
      throw new Error(`label ${label} at row ${row} is outside the ${classes} classes [0, ${classes - 1}]`);
    }
  }
}
