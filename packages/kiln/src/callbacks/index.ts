// What the rest of Kiln imports from the callbacks concern; users see the curated names of src/api/ (src/index.ts).
export {
  Callback,
  isImprovement,
  monitoredValue,
  resolveMode,
  type CallbackState,
  type MonitorMode,
  type TrainingParams,
  type TrainingProgress,
} from './callback.js';
export { CallbackList, type RunsLast } from './callbackList.js';
export { formatLogs, type EpochLogs } from './epochLogs.js';
export { History, type HistoryRecord } from './history.js';
export { LambdaCallback, type CallbackHooks } from './lambdaCallback.js';
export { ProgbarLogger, type Verbosity } from './progbarLogger.js';
export { BackupAndRestore, type BackupAndRestoreArgs, type RunFingerprint } from './backupAndRestore.js';
export { CSVLogger } from './csvLogger.js';
export { EarlyStopping, type EarlyStoppingArgs } from './earlyStopping.js';
export { LearningRateScheduler, type EpochSchedule } from './learningRateScheduler.js';
export { ModelCheckpoint, type ModelCheckpointArgs } from './modelCheckpoint.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduceLROnPlateau.js';
export { TerminateOnNaN } from './terminateOnNaN.js';
export { loadWeights, saveWeights } from './weightsFile.js';
export { ExponentialMovingAverage, type ExponentialMovingAverageOptions } from './exponentialMovingAverage.js';
export { Lookahead, type LookaheadOptions } from './lookahead.js';
