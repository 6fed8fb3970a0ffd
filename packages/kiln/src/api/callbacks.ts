// kiln.callbacks, as keras.callbacks: what `fit` calls as training goes, and the base class for your own.
export { Callback, type TrainingParams, type TrainingProgress } from '../callbacks/callback.js';
export type { EpochLogs } from '../callbacks/epochLogs.js';
export { History, type HistoryRecord } from '../callbacks/history.js';
export { LambdaCallback, type CallbackHooks } from '../callbacks/lambdaCallback.js';
export { ProgbarLogger, type Verbosity } from '../callbacks/progbarLogger.js';
export { BackupAndRestore, type BackupAndRestoreArgs } from '../callbacks/backupAndRestore.js';
export { CSVLogger } from '../callbacks/csvLogger.js';
export { EarlyStopping, type EarlyStoppingArgs } from '../callbacks/earlyStopping.js';
export {
  ExponentialMovingAverage,
  type ExponentialMovingAverageOptions,
} from '../callbacks/exponentialMovingAverage.js';
export { Lookahead, type LookaheadOptions } from '../callbacks/lookahead.js';
export { LearningRateScheduler, type EpochSchedule } from '../callbacks/learningRateScheduler.js';
export { ModelCheckpoint, type ModelCheckpointArgs } from '../callbacks/modelCheckpoint.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauArgs } from '../callbacks/reduceLROnPlateau.js';
export { TerminateOnNaN } from '../callbacks/terminateOnNaN.js';
