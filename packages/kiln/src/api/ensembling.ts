// kiln.ensembling: combine saved models' predictions by averaging, weighting, voting, selection or stacking.
export { averageEnsemble } from '../ensembling/averageEnsemble.js';
export { disagreementMatrix, meanPairwiseDisagreement } from '../ensembling/diversity.js';
export { Ensembler, type EnsembleMethod, type EnsemblerState } from '../ensembling/ensemblers/base.js';
export { AveragingEnsembler } from '../ensembling/ensemblers/averaging.js';
export { WeightedMeanEnsembler } from '../ensembling/ensemblers/weightedMean.js';
export {
  WeightedAveragingEnsembler,
  type WeightedAveragingOptions,
} from '../ensembling/ensemblers/weightedAveraging.js';
export { VotingEnsembler, type Voting } from '../ensembling/ensemblers/voting.js';
export {
  EnsembleSelectionEnsembler,
  type EnsembleSelectionOptions,
  type SelectionMetric,
} from '../ensembling/ensemblers/selection.js';
export { StackingEnsembler, type StackingFeatures, type StackingOptions } from '../ensembling/ensemblers/stacking.js';
export {
  ENSEMBLE_METHODS,
  createEnsembler,
  ensemblerFromState,
  type EnsemblerOptions,
} from '../ensembling/createEnsembler.js';
export { loadEnsemble, saveEnsemble, type SavedEnsemble } from '../ensembling/ensembleFile.js';
export { memberProbabilities, type EnsembleMember } from '../ensembling/members.js';
export { predictEnsemble } from '../ensembling/predictEnsemble.js';
export { fitAndScore, type SplitMembers } from '../ensembling/fitAndScore.js';
