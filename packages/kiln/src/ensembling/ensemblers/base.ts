import type { Labels, ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';
import { validateMembers } from '../../metrics/validate.js';

/** The ways Kiln combines members; each names one `Ensembler` class. */
export type EnsembleMethod = 'average' | 'weighted' | 'vote' | 'select' | 'stack';

/** The shape of the members a fitted ensembler expects. */
export interface EnsembleShape {
  readonly memberCount: number;
  readonly classes: number;
}

/** What every saved ensembler state holds; each method adds what it learned. */
export interface EnsemblerState extends EnsembleShape {
  readonly method: EnsembleMethod;
}

/**
 * Combines members' class probabilities into one prediction. `fit` learns from the members'
 * validation predictions (never from a model re-run); `predict` combines new predictions of the
 * same members in the same order. `getState()` is plain JSON, restored by `ensemblerFromState`.
 */
export abstract class Ensembler<State extends EnsemblerState = EnsemblerState> {
  abstract readonly method: State['method'];
  /** Set by `fit` or a restored state; null until then. */
  protected shape: EnsembleShape | null = null;

  /** Learns how to combine the members from their validation probabilities and the true labels. */
  fit(valMembers: readonly ProbabilityMatrix[], valLabels: Labels): this {
    validateMembers(valMembers, valLabels);
    this.fitValidated(valMembers, valLabels);
    this.shape = { memberCount: valMembers.length, classes: valMembers[0].classes };
    return this;
  }

  /** The ensemble's probabilities for new predictions of the fitted members, in the same order. */
  predict(members: readonly ProbabilityMatrix[]): ProbabilityMatrix {
    validateMembers(members);
    const shape = this.fittedShape();
    if (members.length !== shape.memberCount || members[0].classes !== shape.classes) {
      throw new Error(
        `the '${this.method}' ensemble was fitted on ${shape.memberCount} members of ${shape.classes} classes, ` +
          `got ${members.length} members of ${members[0].classes} classes: pass the same members in the same order`,
      );
    }
    return this.predictValidated(members);
  }

  /** JSON-serializable state, for `saveEnsemble` and `ensemblerFromState`. */
  getState(): State {
    return this.stateOf(this.fittedShape());
  }

  protected fittedShape(): EnsembleShape {
    if (this.shape === null) {
      throw new Error(`the '${this.method}' ensemble is not fitted: call fit(valMembers, valLabels) first`);
    }
    return this.shape;
  }

  protected abstract fitValidated(members: readonly ProbabilityMatrix[], labels: Labels): void;
  protected abstract predictValidated(members: readonly ProbabilityMatrix[]): ProbabilityMatrix;
  protected abstract stateOf(shape: EnsembleShape): State;
}
