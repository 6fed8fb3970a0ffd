import { averageEnsemble } from '../averageEnsemble.js';
import { Ensembler, type EnsembleShape, type EnsemblerState } from './base.js';
import type { ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';

export interface AveragingState extends EnsemblerState {
  readonly method: 'average';
}

/** The chapter's ensemble: every member's probabilities count equally. Fitting only records the shape. */
export class AveragingEnsembler extends Ensembler<AveragingState> {
  readonly method = 'average';

  static fromState(state: AveragingState): AveragingEnsembler {
    const ensembler = new AveragingEnsembler();
    ensembler.shape = { memberCount: state.memberCount, classes: state.classes };
    return ensembler;
  }

  protected fitValidated(): void {}

  protected predictValidated(members: readonly ProbabilityMatrix[]): ProbabilityMatrix {
    return averageEnsemble(members);
  }

  protected stateOf(shape: EnsembleShape): AveragingState {
    return { method: this.method, ...shape };
  }
}
