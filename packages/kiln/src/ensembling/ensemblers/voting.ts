import { averageEnsemble } from '../averageEnsemble.js';
import { Ensembler, type EnsembleShape, type EnsemblerState } from './base.js';
import { argmaxRows, type ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';

/** 'hard': each member casts one vote for its argmax class; 'soft': argmax of the mean probabilities. */
export type Voting = 'hard' | 'soft';

export interface VotingState extends EnsemblerState {
  readonly method: 'vote';
  readonly voting: Voting;
}

/**
 * Majority voting, as scikit-learn's `VotingClassifier`. Hard voting returns each class's share
 * of the votes as its probability; a tie goes to the lowest class index among the tied classes
 * (the row's first maximum, as `argmax` picks it, and as scikit-learn breaks it). Soft voting
 * returns the mean probabilities.
 */
export class VotingEnsembler extends Ensembler<VotingState> {
  readonly method = 'vote';
  readonly voting: Voting;

  constructor(options: { voting?: Voting } = {}) {
    super();
    this.voting = options.voting ?? 'hard';
  }

  static fromState(state: VotingState): VotingEnsembler {
    const ensembler = new VotingEnsembler({ voting: state.voting });
    ensembler.shape = { memberCount: state.memberCount, classes: state.classes };
    return ensembler;
  }

  protected fitValidated(): void {}

  protected predictValidated(members: readonly ProbabilityMatrix[]): ProbabilityMatrix {
    if (this.voting === 'soft') return averageEnsemble(members);
    const { rows, classes } = members[0];
    const data = new Float32Array(rows * classes);
    const share = 1 / members.length;
    for (const member of members) {
      argmaxRows(member).forEach((vote, row) => (data[row * classes + vote] += share));
    }
    return { data, rows, classes };
  }

  protected stateOf(shape: EnsembleShape): VotingState {
    return { method: this.method, ...shape, voting: this.voting };
  }
}
