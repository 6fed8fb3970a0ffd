// The chapter's application: training one model, tuning the chapter's convnets or a user's model (used by the CLI).
export {
  trainModel,
  type ScoredPredictions,
  type TrainedArtifacts,
  type TrainedModel,
  type TrainModelOptions,
} from './trainModel.js';
export {
  suggestChapterCandidate,
  chapterSearchSpaceDefaults,
  type ChapterCandidate,
  type ChapterSearchSpaceOptions,
} from './searchSpace.js';
export { chapterObjective, type ChapterObjectiveOptions } from './objective.js';
export {
  RESUMED_FROM_BATCH_ATTR,
  RESUMED_FROM_EPOCH_ATTR,
  trainTrial,
  type TrialTrainingOptions,
} from './trainTrial.js';
export { TrialPruningCallback } from './trialPruningCallback.js';
export {
  ARTIFACT_DIR_ATTR,
  loadTrialPredictions,
  predictionSplits,
  saveTrialArtifacts,
  trialTestAccuracy,
  type PredictionSplit,
  type TrialArtifacts,
} from './trialArtifacts.js';
export {
  createPruner,
  createSampler,
  prunerNames,
  samplerNames,
  type PrunerName,
  type SamplerName,
} from './studyParts.js';
export {
  countTrials,
  openTuningStudy,
  runTuningWorker,
  STALE_TRIAL_SECONDS,
  type TuningStudyOptions,
  type TuningWorkerOptions,
} from './tuningStudy.js';
export {
  runChapterWorker,
  shareTrials,
  tuneChapter,
  type ChapterTuneOptions,
  type ChapterWorkerOptions,
} from './tuneChapter.js';
export { spawnWorkers, type WorkerCommand } from './workerPool.js';
export {
  formatBestTrial,
  formatParam,
  formatParetoFront,
  formatStudiesTable,
  formatTrialLine,
  formatTrialsTable,
} from './studyReport.js';
export {
  directionsOf,
  measureObjectives,
  objectiveLabels,
  objectiveNames,
  parseObjectives,
  readStoredObjectives,
  type ObjectiveName,
} from './objectives.js';
export { readTuneSettings, settingsMismatch, TUNE_SETTINGS_ATTR, type TuneSettings } from './studySettings.js';
export type { SplitPredictions } from './trainModel.js';
