// kiln.tuning, as Optuna: studies, trials, samplers, pruners and storages.
export {
  createStudy,
  loadStudy,
  Study,
  type CreateStudyOptions,
  type EnqueueTrialOptions,
  type FailedTrialCallback,
  type FinishedTrialRecord,
  type LoadStudyOptions,
  type Objective,
  type OptimizeOptions,
  type StudyCallback,
  type StudyOptions,
} from '../tuning/study.js';
export { Trial } from '../tuning/trial.js';
export { TrialPruned } from '../tuning/trialPruned.js';
export type { FrozenTrial, JsonValue, StudyDirection, StudySummary, TrialState } from '../tuning/frozenTrial.js';
export type {
  CategoricalChoice,
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  IntDistribution,
  ParamValue,
} from '../tuning/distributions.js';
export type { NumericSuggestOptions } from '../tuning/distributionRules.js';
export type { StudyView } from '../tuning/studyView.js';
export type { Sampler } from '../tuning/samplers/base.js';
export { RandomSampler, type RandomSamplerOptions } from '../tuning/samplers/random.js';
export { GridSampler, type GridSamplerOptions } from '../tuning/samplers/grid.js';
export { TPESampler, linearGamma, type TPESamplerOptions } from '../tuning/samplers/tpe/sampler.js';
export { NSGAIISampler, type NSGAIISamplerOptions } from '../tuning/samplers/nsgaII/sampler.js';
export { hypervolume } from '../tuning/multiObjective/hypervolume.js';
export type { Pruner } from '../tuning/pruners/base.js';
export { NopPruner } from '../tuning/pruners/nop.js';
export { MedianPruner, PercentilePruner, type PercentilePrunerOptions } from '../tuning/pruners/percentile.js';
export { SuccessiveHalvingPruner, type SuccessiveHalvingPrunerOptions } from '../tuning/pruners/successiveHalving.js';
export { HyperbandPruner, type HyperbandPrunerOptions } from '../tuning/pruners/hyperband.js';
export { DuplicatedStudyError, StudyNotFoundError, type Storage } from '../tuning/storages/base.js';
export { InMemoryStorage } from '../tuning/storages/inMemory.js';
export { SqliteStorage, type SqliteStorageOptions } from '../tuning/storages/sqlite.js';
export { PostgresStorage, type PostgresStorageOptions } from '../tuning/storages/postgres.js';
export { storageFromUrl } from '../tuning/storages/fromUrl.js';
export { StorageOpenError } from '../tuning/storages/rdb/storageOpenError.js';
export { RetryFailedTrialCallback, type RetryFailedTrialCallbackOptions } from '../tuning/retryFailedTrialCallback.js';
export { pedAnovaImportances, type PedAnovaOptions } from '../tuning/importance/pedAnova.js';
