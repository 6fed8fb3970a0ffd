import { argmaxRows, type ProbabilityMatrix } from '../metrics/probabilityMatrix.js';
import { validateMembers } from '../metrics/validate.js';

/**
 * `matrix[i][j]` = fraction of rows where members i and j predict different classes (argmax).
 * Symmetric with a zero diagonal; ensembles gain most from members that disagree while each is accurate.
 */
export function disagreementMatrix(members: readonly ProbabilityMatrix[]): number[][] {
  validateMembers(members);
  const predictions = members.map(argmaxRows);
  const rows = members[0].rows;
  return predictions.map((a, i) =>
    predictions.map((b, j) => {
      if (i === j) return 0;
      let differ = 0;
      for (let row = 0; row < rows; row++) if (a[row] !== b[row]) differ++;
      return differ / rows;
    }),
  );
}

/** Mean of the disagreement over all unordered pairs of distinct members; 0 for a single member. */
export function meanPairwiseDisagreement(members: readonly ProbabilityMatrix[]): number {
  const matrix = disagreementMatrix(members);
  const pairs = (members.length * (members.length - 1)) / 2;
  if (pairs === 0) return 0;
  let total = 0;
  for (let i = 0; i < matrix.length; i++) for (let j = i + 1; j < matrix.length; j++) total += matrix[i][j];
  return total / pairs;
}
