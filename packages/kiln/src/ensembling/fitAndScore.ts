import type { Ensembler } from './ensemblers/base.js';
import { evaluateProbabilities, type Evaluation } from '../metrics/classification.js';
import type { Labels, ProbabilityMatrix } from '../metrics/probabilityMatrix.js';
import { StackingEnsembler } from './ensemblers/stacking.js';

/** The members' predictions on one split, and its true labels. */
export interface SplitMembers {
  readonly members: readonly ProbabilityMatrix[];
  readonly labels: Labels;
}

/**
 * Fits `ensembler` on the validation split and scores it there and on the test split. Stacking's
 * validation figure comes from its out-of-fold predictions; the other methods fit too few weights
 * to need them.
 */
export function fitAndScore(
  ensembler: Ensembler,
  validation: SplitMembers,
  test: SplitMembers,
): { validation: Evaluation; test: Evaluation } {
  ensembler.fit(validation.members, validation.labels);
  const validationProbabilities =
    ensembler instanceof StackingEnsembler ? ensembler.outOfFoldPredictions! : ensembler.predict(validation.members);
  return {
    validation: evaluateProbabilities(validationProbabilities, validation.labels),
    test: evaluateProbabilities(ensembler.predict(test.members), test.labels),
  };
}
