import type { ProbabilityMatrix } from '../metrics/probabilityMatrix.js';
import { validateMembers } from '../metrics/validate.js';

/**
 * The (weighted) mean of the members' probabilities, row by row: the chapter's
 * `1/3 * (preds_a + preds_b + preds_c)`. Without `weights` every member counts equally;
 * weights must be non-negative with a positive sum and are normalized to sum to 1.
 */
export function averageEnsemble(members: readonly ProbabilityMatrix[], weights?: readonly number[]): ProbabilityMatrix {
  validateMembers(members);
  const normalized = normalizeWeights(weights ?? members.map(() => 1), members.length);
  const { rows, classes } = members[0];
  const data = new Float32Array(rows * classes);
  members.forEach((member, index) => {
    const weight = normalized[index];
    if (weight === 0) return;
    for (let i = 0; i < data.length; i++) data[i] += weight * member.data[i];
  });
  return { data, rows, classes };
}

/** Checks ensemble weights (one per member, non-negative, positive sum) and scales them to sum to 1. */
export function normalizeWeights(weights: readonly number[], memberCount: number): number[] {
  if (weights.length !== memberCount) {
    throw new Error(`got ${weights.length} weights for ${memberCount} members: pass one weight per member`);
  }
  weights.forEach((weight, index) => {
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new Error(`weight ${index} is ${weight}: weights must be finite and non-negative`);
    }
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) throw new Error('the weights sum to 0: at least one member needs a positive weight');
  return weights.map((weight) => weight / total);
}
