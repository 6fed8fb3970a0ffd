import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EpochLogs } from './epochLogs.js';

/** What `fit` tells its callbacks before training, as Keras' `callback.params`. */
export interface TrainingParams {
  readonly epochs: number;
  /** Batches per epoch. */
  readonly steps: number;
  readonly batchSize: number;
  /** Training images per epoch. */
  readonly samples: number;
  readonly verbose: 0 | 1 | 2;
}

/**
 * Where `fit` is and what it needs to carry on from there. `fit` advances it; BackupAndRestore
 * saves it and, before the first epoch, replaces it with a saved one to resume a run.
 */
export interface TrainingProgress {
  /** The epoch being run (0-based); after the last, the number of epochs. */
  epoch: number;
  /** Batches of `epoch` already trained. */
  batch: number;
  /** Sums over the batches of `epoch` so far of loss × images and accuracy × images. */
  lossSum: number;
  correctSum: number;
  /** The shuffle seed: epoch `e`'s batch order is a function of it and `e`. */
  seed: number;
}

/** A callback's state worth keeping across a restart: JSON values plus tensors (say, best weights). */
export interface CallbackState {
  readonly values: { readonly [key: string]: unknown };
  readonly tensors?: readonly tf.Tensor[];
}

/**
 * Keras' `Callback`: hooks `fit` calls along training. The life cycle of one `fit` call:
 *
 *   setModel, setParams, setTraining
 *   onTrainBegin
 *   for each epoch: onEpochBegin, then for each batch onBatchBegin, (one step), onBatchEnd;
 *     then validation and onEpochEnd
 *   onTrainEnd (also when a callback stopped training; not when one threw)
 *
 * Batch logs hold the epoch's running means so far; epoch logs add `val_*` with validation data.
 * Setting `this.model.stopTraining = true` stops training at the end of the current batch
 * (onEpochEnd still runs); throwing aborts `fit` with that error. Hooks may be async.
 *
 * A callback whose state matters after a restart (EarlyStopping's wait and best, ...) implements
 * `getState`/`setState`, which BackupAndRestore saves with every backup and restores before the
 * first epoch.
 */
export abstract class Callback {
  /** Whether this callback changes the optimizer's learning rate: `fit` then logs each epoch's rate as `lr`. */
  readonly setsLearningRate: boolean = false;
  /** The model being trained, set by `fit` before onTrainBegin. */
  model!: tfl.LayersModel;
  params!: TrainingParams;
  /** fit's progress and every callback of this run (BackupAndRestore reads them). */
  protected training!: { readonly progress: TrainingProgress; readonly callbacks: readonly Callback[] };

  setModel(model: tfl.LayersModel): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  setTraining(training: { readonly progress: TrainingProgress; readonly callbacks: readonly Callback[] }): void {
    this.training = training;
  }

  onTrainBegin(_logs?: EpochLogs): void | Promise<void> {}
  onTrainEnd(_logs?: EpochLogs): void | Promise<void> {}
  onEpochBegin(_epoch: number): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs: EpochLogs): void | Promise<void> {}
  onBatchBegin(_batch: number): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs: EpochLogs): void | Promise<void> {}

  /** State to keep across a restart; undefined when there is none. */
  getState(): CallbackState | undefined {
    return undefined;
  }

  /** Takes back what getState returned (the tensors are the callback's to keep and dispose). */
  setState(_state: CallbackState): void {}
}

/** Reads the monitored metric from logs; undefined when the logs do not have it. */
export function monitoredValue(logs: EpochLogs | undefined, monitor: string): number | undefined {
  const value = (logs as { readonly [metric: string]: number | undefined } | undefined)?.[monitor];
  return typeof value === 'number' ? value : undefined;
}

/** Keras' `mode`: whether the monitored value should fall or rise; 'auto' guesses from its name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** 'max' for accuracies (Keras: names containing 'acc'), else 'min'. */
export function resolveMode(mode: MonitorMode, monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|auc|precision|recall/.test(monitor) ? 'max' : 'min';
}

/** Whether `current` beats `reference` by more than `minDelta` (≥ 0) in the direction of `mode`. */
export function isImprovement(
  current: number,
  reference: number | undefined,
  mode: 'min' | 'max',
  minDelta = 0,
): boolean {
  if (reference === undefined) return true;
  return mode === 'min' ? current + minDelta < reference : current - minDelta > reference;
}
