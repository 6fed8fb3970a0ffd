import { join } from 'node:path';
import {
  BackupAndRestore,
  CSVLogger,
  EarlyStopping,
  LambdaCallback,
  LearningRateScheduler,
  ModelCheckpoint,
  ReduceLROnPlateau,
  type Callback,
} from '../callbacks/index.js';
import type { CompileOverrides, ConvnetSpec } from '../models/index.js';
import { defaultLearningRates } from '../optimizers/index.js';
import type { TrainingOptions } from './options.js';
import type { ModelWorkspace } from './resumableRun.js';
import { scheduleFromFlag } from './scheduleFromFlag.js';
import { UsageError } from './usageError.js';

/** The working files a trained model's run folder gets from its workspace. */
export const historyFile = 'history.csv';

/** The callbacks `kiln train|compare`'s flags ask for, writing into the model's workspace. */
export function trainingCallbacks(
  options: TrainingOptions & CompileOverrides,
  spec: ConvnetSpec | undefined,
  stepsPerEpoch: number,
  workspace: ModelWorkspace,
): Callback[] {
  if (options.lrSchedule !== undefined && options.reduceLrOnPlateau !== undefined)
    throw new UsageError('--lr-schedule and --reduce-lr-on-plateau both set the learning rate: choose one');
  const monitor = options.validationSplit > 0 ? 'val_loss' : 'loss';
  // A resumed run's rows come back from the backup; rows of a run killed before its first backup go.
  const callbacks: Callback[] = [
    new CSVLogger(join(workspace.dir, historyFile)),
    // The record that lets a rerun find this run is needed from its first backup on (saved right after).
    new LambdaCallback(
      options.backupEvery === undefined
        ? { onEpochEnd: () => workspace.recordRun() }
        : { onBatchEnd: () => workspace.recordRun(), onEpochEnd: () => workspace.recordRun() },
    ),
  ];
  if (options.lrSchedule !== undefined) {
    // The schedule scales the learning rate the model trains with: the flags', else a chapter convnet's own.
    const optimizer = options.optimizer ?? spec?.optimizer.name;
    const own = optimizer === spec?.optimizer.name ? spec?.optimizer.learningRate : undefined;
    const learningRate =
      options.learningRate ?? own ?? (optimizer === undefined ? undefined : defaultLearningRates[optimizer]);
    if (learningRate === undefined)
      throw new UsageError(
        "--lr-schedule scales the model's learning rate, which only a chapter convnet states before it is built: give --learning-rate (or --optimizer) with this model",
      );
    callbacks.push(
      new LearningRateScheduler(scheduleFromFlag(options.lrSchedule, learningRate, options.epochs, stepsPerEpoch)),
    );
  }
  if (options.reduceLrOnPlateau !== undefined) {
    const patience = options.reduceLrOnPlateau === true ? 3 : options.reduceLrOnPlateau;
    callbacks.push(new ReduceLROnPlateau({ monitor, patience, verbose: options.verbose > 0 }));
  }
  if (options.checkpoint !== undefined)
    callbacks.push(
      new ModelCheckpoint({
        filepath: join(workspace.dir, options.checkpoint),
        monitor,
        saveBestOnly: options.checkpoint === 'best',
      }),
    );
  if (options.earlyStopping !== undefined)
    callbacks.push(
      new EarlyStopping({
        monitor,
        patience: options.earlyStopping,
        restoreBestWeights: true,
        verbose: options.verbose > 0,
      }),
    );
  if (workspace.backup)
    callbacks.push(
      new BackupAndRestore({
        backupDir: workspace.dir,
        saveFreq: options.backupEvery ?? 'epoch',
        deleteCheckpoint: false,
        fingerprint: workspace.fingerprint,
        verbose: options.verbose > 1,
      }),
    );
  return callbacks;
}
