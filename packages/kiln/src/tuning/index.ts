// What the rest of Kiln imports from the tuning concern; users see the curated names of src/api/ (src/index.ts).
export type {
  CategoricalChoice,
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  IntDistribution,
  ParamValue,
} from './distributions.js';
export {
  valuesOf,
  type FrozenTrial,
  type JsonValue,
  type StudyDirection,
  type StudySummary,
  type TrialState,
} from './frozenTrial.js';
export type { NumericSuggestOptions } from './distributionRules.js';
export { DuplicatedStudyError, StudyNotFoundError, type Storage, type TrialTemplate } from './storages/base.js';
export { InMemoryStorage, type InMemoryStorageOptions } from './storages/inMemory.js';
export {
  createStudy,
  loadStudy,
  Study,
  FAIL_REASON,
  type CreateStudyOptions,
  type EnqueueTrialOptions,
  type FailedTrialCallback,
  type FinishedTrialRecord,
  WARM_START_SOURCE,
  type LoadStudyOptions,
  type Objective,
  type OptimizeOptions,
  type StudyCallback,
  type StudyOptions,
  type TrialResult,
} from './study.js';
export { Trial } from './trial.js';
export { TrialPruned } from './trialPruned.js';
export { RetryFailedTrialCallback, type RetryFailedTrialCallbackOptions } from './retryFailedTrialCallback.js';
export type { StudyView } from './studyView.js';
export {
  pageOfTrials,
  trialPagesOf,
  type StudyDigest,
  type TrialOutlineQuery,
  type TrialOutline,
  type TrialPage,
  type TrialPageQuery,
  type TrialPages,
  type TrialSortKey,
} from './trialPages.js';
export { pedAnovaImportances, type PedAnovaOptions } from './importance/pedAnova.js';
export type { Sampler } from './samplers/base.js';
export { RandomSampler, type RandomSamplerOptions } from './samplers/random.js';
export { GridSampler, type GridSamplerOptions } from './samplers/grid.js';
export {
  TPESampler,
  defaultGamma,
  defaultWeights,
  linearGamma,
  type TPESamplerOptions,
} from './samplers/tpe/sampler.js';
export type { RecombinedParameters } from './samplers/tpe/parzenEstimator.js';
export { NSGAIISampler, GENERATION_KEY, type NSGAIISamplerOptions } from './samplers/nsgaII/sampler.js';
export { hypervolume, hypervolumeContributions } from './multiObjective/hypervolume.js';
export { dominates, toLosses } from './multiObjective/dominance.js';
export { paretoFrontTrials } from './multiObjective/paretoFront.js';
export { nonDominatedRanks } from './multiObjective/nonDominatedSort.js';
export type { Pruner } from './pruners/base.js';
export { NopPruner } from './pruners/nop.js';
export { MedianPruner, PercentilePruner, type PercentilePrunerOptions } from './pruners/percentile.js';
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from './pruners/successiveHalving.js';
export { HyperbandPruner, type HyperbandPrunerOptions } from './pruners/hyperband.js';
export { SqliteStorage, type SqliteStorageOptions } from './storages/sqlite.js';
export { PostgresStorage, type PostgresStorageOptions } from './storages/postgres.js';
export { storageFromUrl, type StorageFromUrlOptions } from './storages/fromUrl.js';
export { StorageOpenError } from './storages/rdb/storageOpenError.js';
export { findStudyId } from './findStudyId.js';
export { METRIC_NAMES_ATTR, metricNamesOf } from './metricNames.js';
