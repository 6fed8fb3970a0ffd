// Public API of the ensembling concern; re-exported by src/index.ts.
export { averageEnsemble, normalizeWeights } from './averageEnsemble.js';
export { disagreementMatrix, meanPairwiseDisagreement } from './diversity.js';
export { Ensembler, type EnsembleMethod, type EnsembleShape, type EnsemblerState } from './ensemblers/base.js';
export { AveragingEnsembler, type AveragingState } from './ensemblers/averaging.js';
export { WeightedMeanEnsembler, type WeightedMeanState } from './ensemblers/weightedMean.js';
export {
  WeightedAveragingEnsembler,
  type WeightedAveragingOptions,
  type WeightedAveragingState,
} from './ensemblers/weightedAveraging.js';
export { VotingEnsembler, type Voting, type VotingState } from './ensemblers/voting.js';
export {
  EnsembleSelectionEnsembler,
  type EnsembleSelectionOptions,
  type EnsembleSelectionState,
  type SelectionMetric,
} from './ensemblers/selection.js';
export { SoftmaxRegression, type SoftmaxRegressionOptions } from './softmaxRegression.js';
export {
  StackingEnsembler,
  type StackingFeatures,
  type StackingOptions,
  type StackingState,
} from './ensemblers/stacking.js';
export { minimizeLbfgs, type DifferentiableObjective, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';
export { ENSEMBLE_METHODS, createEnsembler, ensemblerFromState, type EnsemblerOptions } from './createEnsembler.js';
export { ENSEMBLE_FILE, isEnsembleFolder, loadEnsemble, saveEnsemble, type SavedEnsemble } from './ensembleFile.js';
export { memberProbabilities, type EnsembleMember } from './members.js';
export { predictEnsemble } from './predictEnsemble.js';
export { fitAndScore, type SplitMembers } from './fitAndScore.js';
