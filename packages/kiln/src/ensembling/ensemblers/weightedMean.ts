import { averageEnsemble } from '../averageEnsemble.js';
import { Ensembler, type EnsembleShape, type EnsemblerState } from './base.js';
import type { ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';

/** The state of any ensemble that predicts a weighted mean of its members. */
export interface WeightedMeanState extends EnsemblerState {
  readonly method: 'weighted' | 'select';
  /** One non-negative weight per member, summing to 1. */
  readonly weights: readonly number[];
}

/**
 * An ensemble whose prediction is a weighted mean of its members; subclasses differ only in how
 * `fit` chooses the weights.
 */
export abstract class WeightedMeanEnsembler<State extends WeightedMeanState> extends Ensembler<State> {
  protected fittedWeights: number[] | null = null;

  /** The fitted weights, one per member, non-negative and summing to 1. */
  get weights(): readonly number[] {
    if (this.fittedWeights === null) throw new Error(`the '${this.method}' ensemble is not fitted: call fit first`);
    return this.fittedWeights;
  }

  protected restoreWeights(state: WeightedMeanState): void {
    this.shape = { memberCount: state.memberCount, classes: state.classes };
    this.fittedWeights = [...state.weights];
  }

  protected predictValidated(members: readonly ProbabilityMatrix[]): ProbabilityMatrix {
    return averageEnsemble(members, this.weights);
  }

  protected weightedStateOf(shape: EnsembleShape): WeightedMeanState {
    return { method: this.method, ...shape, weights: [...this.weights] };
  }
}
