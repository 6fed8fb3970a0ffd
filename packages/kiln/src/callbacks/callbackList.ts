import type * as tfl from '@tensorflow/tfjs-layers';
import type { Callback, TrainingParams, TrainingProgress } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

/** A callback that must see every other callback's work of an epoch first (BackupAndRestore saves it). */
export interface RunsLast {
  readonly runsLast: true;
}

function runsLast(callback: Callback): boolean {
  return (callback as Partial<RunsLast>).runsLast === true;
}

/**
 * Keras' `CallbackList`: calls each hook on every callback in order, awaiting each. Callbacks that
 * run last (BackupAndRestore) are moved behind the others, so what they save includes the others'
 * updates of the same epoch.
 */
export class CallbackList {
  readonly callbacks: readonly Callback[];

  constructor(
    callbacks: readonly Callback[],
    model: tfl.LayersModel,
    params: TrainingParams,
    progress: TrainingProgress,
  ) {
    this.callbacks = [...callbacks.filter((callback) => !runsLast(callback)), ...callbacks.filter(runsLast)];
    if (new Set(this.callbacks).size !== this.callbacks.length)
      throw new Error('the same callback instance was passed twice: pass each callback once');
    const training = { progress, callbacks: this.callbacks };
    for (const callback of this.callbacks) {
      callback.setModel(model);
      callback.setParams(params);
      callback.setTraining(training);
    }
  }

  async onTrainBegin(): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainBegin();
  }

  async onTrainEnd(logs?: EpochLogs): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainEnd(logs);
  }

  async onEpochBegin(epoch: number): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochBegin(epoch);
  }

  async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochEnd(epoch, logs);
  }

  async onBatchBegin(batch: number): Promise<void> {
    for (const callback of this.callbacks) await callback.onBatchBegin(batch);
  }

  async onBatchEnd(batch: number, logs: EpochLogs): Promise<void> {
    for (const callback of this.callbacks) await callback.onBatchEnd(batch, logs);
  }
}
