import type { EnsembleShape } from './base.js';
import { clipProbability } from '../../metrics/classification.js';
import type { Labels, ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';
import { WeightedMeanEnsembler, type WeightedMeanState } from './weightedMean.js';

export interface WeightedAveragingOptions {
  /** Stops once no member's weight could lower the log loss by more than about this much. */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

export interface WeightedAveragingState extends WeightedMeanState {
  readonly method: 'weighted';
}

/**
 * Weighted averaging with the weights that minimize validation log loss over the simplex
 * (non-negative, summing to 1). The loss is convex in the weights: it is the negative
 * log-likelihood of a mixture whose components are the members, so the weights are fitted with
 * the EM update for mixture proportions, w_j <- w_j * mean_i(p_j(y_i) / p_mix(y_i)) -- a
 * step-size-free multiplicative (mirror-descent) step that stays on the simplex and never raises
 * the loss. It stops when max_j mean_i(p_j / p_mix) <= 1 + tolerance, which bounds the gap to the
 * optimal loss by log(1 + tolerance).
 */
export class WeightedAveragingEnsembler extends WeightedMeanEnsembler<WeightedAveragingState> {
  readonly method = 'weighted';
  readonly tolerance: number;
  readonly maxIterations: number;
  /** EM iterations the last fit took, and whether it met the tolerance. */
  fitIterations = 0;
  converged = false;

  constructor(options: WeightedAveragingOptions = {}) {
    super();
    this.tolerance = options.tolerance ?? 1e-6;
    this.maxIterations = options.maxIterations ?? 10_000;
  }

  static fromState(state: WeightedAveragingState): WeightedAveragingEnsembler {
    const ensembler = new WeightedAveragingEnsembler();
    ensembler.restoreWeights(state);
    return ensembler;
  }

  protected fitValidated(members: readonly ProbabilityMatrix[], labels: Labels): void {
    const { rows, classes } = members[0];
    // Only each member's probability of the true class enters the loss.
    const truth = members.map((member) =>
      Float64Array.from(labels, (label, row) => clipProbability(member.data[row * classes + label])),
    );
    const weights = members.map(() => 1 / members.length);
    const mixture = new Float64Array(rows);
    this.converged = false;
    for (this.fitIterations = 0; this.fitIterations < this.maxIterations; this.fitIterations++) {
      mixture.fill(0);
      truth.forEach((column, j) => {
        for (let row = 0; row < rows; row++) mixture[row] += weights[j] * column[row];
      });
      const ratios = truth.map((column) => {
        let sum = 0;
        for (let row = 0; row < rows; row++) sum += column[row] / mixture[row];
        return sum / rows;
      });
      if (Math.max(...ratios) <= 1 + this.tolerance) {
        this.converged = true;
        break;
      }
      ratios.forEach((ratio, j) => (weights[j] *= ratio));
      // Renormalize against rounding drift; exact arithmetic keeps the sum at 1.
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      weights.forEach((weight, j) => (weights[j] = weight / total));
    }
    this.fittedWeights = weights;
  }

  protected stateOf(shape: EnsembleShape): WeightedAveragingState {
    return { ...this.weightedStateOf(shape), method: this.method };
  }
}
