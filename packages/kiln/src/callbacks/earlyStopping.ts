import * as tf from '@tensorflow/tfjs-core';
import {
  Callback,
  isImprovement,
  monitoredValue,
  resolveMode,
  type CallbackState,
  type MonitorMode,
} from './callback.js';
import type { EpochLogs } from './epochLogs.js';

export interface EarlyStoppingArgs {
  /** The metric watched; default 'val_loss'. */
  readonly monitor?: string;
  /** The least change that counts as an improvement; default 0. */
  readonly minDelta?: number;
  /** Epochs without improvement before stopping; default 0. */
  readonly patience?: number;
  readonly mode?: MonitorMode;
  /** Training stops unless the metric beats this too (Keras' `baseline`). */
  readonly baseline?: number;
  /** At the end of training, restore the weights of the best epoch; default false. */
  readonly restoreBestWeights?: boolean;
  /** Epochs to let pass before watching (a warm-up); default 0. */
  readonly startFromEpoch?: number;
  /** Say on `stream` when it stops and restores; default false. */
  readonly verbose?: boolean;
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Keras 3's `EarlyStopping`: stops training when the monitored metric has not improved by more
 * than minDelta for `patience` epochs. Each epoch counts towards the wait; an improvement resets it
 * only if it also beats the baseline. With restoreBestWeights the model ends with the best epoch's
 * weights (from its first watched epoch, whether or not training stopped early).
 */
export class EarlyStopping extends Callback {
  private readonly monitor: string;
  private readonly minDelta: number;
  private readonly patience: number;
  private readonly mode: 'min' | 'max';
  wait = 0;
  stoppedEpoch = 0;
  best: number | undefined;
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | undefined;

  constructor(private readonly args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0)
      throw new Error(`patience must be an integer ≥ 0, got ${args.patience}`);
    this.mode = resolveMode(args.mode ?? 'auto', this.monitor);
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = undefined;
    this.bestEpoch = 0;
    this.setBestWeights(undefined);
  }

  override onEpochEnd(epoch: number, logs: EpochLogs): void {
    const current = monitoredValue(logs, this.monitor);
    if (current === undefined) {
      this.say(
        `early stopping conditioned on metric ${this.monitor}, which is not available: ${Object.keys(logs).join(', ')}`,
      );
      return;
    }
    if (epoch < (this.args.startFromEpoch ?? 0)) return;
    if (this.args.restoreBestWeights && this.bestWeights === undefined) {
      this.setBestWeights(this.copyWeights());
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.args.restoreBestWeights) this.setBestWeights(this.copyWeights());
      if (this.args.baseline === undefined || isImprovement(current, this.args.baseline, this.mode, this.minDelta))
        this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0) this.say(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.args.restoreBestWeights && this.bestWeights !== undefined) {
      this.say(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }

  override getState(): CallbackState {
    return {
      values: { wait: this.wait, stoppedEpoch: this.stoppedEpoch, best: this.best ?? null, bestEpoch: this.bestEpoch },
      tensors: this.bestWeights ?? [],
    };
  }

  override setState(state: CallbackState): void {
    const values = state.values as { wait: number; stoppedEpoch: number; best: number | null; bestEpoch: number };
    this.wait = values.wait;
    this.stoppedEpoch = values.stoppedEpoch;
    this.best = values.best ?? undefined;
    this.bestEpoch = values.bestEpoch;
    this.setBestWeights(state.tensors?.length ? [...state.tensors] : undefined);
  }

  private copyWeights(): tf.Tensor[] {
    return this.model.getWeights().map((weight) => weight.clone());
  }

  private setBestWeights(weights: tf.Tensor[] | undefined): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = weights;
  }

  private say(message: string): void {
    if (this.args.verbose) (this.args.stream ?? process.stderr).write(`${message}\n`);
  }
}
