// Public API of the ensembling concern; re-exported by src/index.ts.
export type { Labels, ProbabilityMatrix } from './probabilityMatrix.js';
export { argmaxRows, probabilityMatrixFromTensor } from './probabilityMatrix.js';
export { validateLabels, validateMatrix, validateMembers } from './validate.js';
export { averageEnsemble, normalizeWeights } from './average.js';
export {
  LOG_LOSS_EPSILON,
  accuracy,
  topKAccuracy,
  clipProbability,
  confusionMatrix,
  evaluateProbabilities,
  expectedCalibrationError,
  logLoss,
  type ClassificationReport,
} from './metrics.js';
export { disagreementMatrix, meanPairwiseDisagreement } from './diversity.js';
export { Ensembler, type EnsembleMethod, type EnsembleShape, type EnsemblerState } from './ensembler.js';
export { AveragingEnsembler, type AveragingState } from './averaging.js';
export { WeightedEnsembler, type WeightedState } from './weightedEnsembler.js';
export {
  WeightedAveragingEnsembler,
  type WeightedAveragingOptions,
  type WeightedAveragingState,
} from './weightedAveraging.js';
export { VotingEnsembler, type Voting, type VotingState } from './voting.js';
export {
  EnsembleSelectionEnsembler,
  type EnsembleSelectionOptions,
  type EnsembleSelectionState,
  type SelectionMetric,
} from './selection.js';
export { SoftmaxRegression, type SoftmaxRegressionOptions } from './softmaxRegression.js';
export { StackingEnsembler, type StackingFeatures, type StackingOptions, type StackingState } from './stacking.js';
export { minimizeLbfgs, type DifferentiableObjective, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';
export { ENSEMBLE_METHODS, createEnsembler, ensemblerFromState, type EnsemblerOptions } from './state.js';
export { ENSEMBLE_FILE, loadEnsemble, saveEnsemble, type SavedEnsemble } from './saveEnsemble.js';
export { memberProbabilities, type EnsembleMember } from './members.js';
export { predictEnsemble } from './predictEnsemble.js';
export { fitAndScore, type SplitMembers } from './scoreEnsemble.js';
