import { getLearningRate, setLearningRate } from '../optimizers/learningRate.js';
import { Callback, monitoredValue, resolveMode, type CallbackState, type MonitorMode } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

export interface ReduceLROnPlateauArgs {
  /** Default 'val_loss'. */
  readonly monitor?: string;
  /** The rate is multiplied by this; default 0.1. */
  readonly factor?: number;
  /** Epochs without improvement before reducing; default 10. */
  readonly patience?: number;
  readonly mode?: MonitorMode;
  /** The least change that counts as an improvement; default 1e-4. */
  readonly minDelta?: number;
  /** Epochs to wait after a reduction before counting again; default 0. */
  readonly cooldown?: number;
  /** The rate never goes below this; default 0. */
  readonly minLr?: number;
  readonly verbose?: boolean;
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Keras' `ReduceLROnPlateau`: multiplies the optimizer's learning rate by `factor` when the
 * monitored metric has not improved by minDelta for `patience` epochs, then waits `cooldown`
 * epochs (counting nothing) before watching again; never below minLr.
 */
export class ReduceLROnPlateau extends Callback {
  override readonly setsLearningRate = true;
  private readonly monitor: string;
  private readonly factor: number;
  private readonly patience: number;
  private readonly mode: 'min' | 'max';
  private readonly minDelta: number;
  private readonly cooldown: number;
  private readonly minLr: number;
  best: number | undefined;
  wait = 0;
  cooldownCounter = 0;

  constructor(private readonly args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1))
      throw new Error(`ReduceLROnPlateau's factor must be in (0, 1), got ${args.factor}`);
    this.patience = args.patience ?? 10;
    this.mode = resolveMode(args.mode ?? 'auto', this.monitor);
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
  }

  override onTrainBegin(): void {
    this.best = undefined;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override onEpochEnd(epoch: number, logs: EpochLogs): void {
    const current = monitoredValue(logs, this.monitor);
    if (current === undefined) {
      this.say(
        `ReduceLROnPlateau conditioned on metric ${this.monitor}, which is not available: ${Object.keys(logs).join(', ')}`,
      );
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    const improved =
      this.best === undefined ||
      (this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta);
    if (improved) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait++;
    if (this.wait < this.patience) return;
    const optimizer = this.model.optimizer;
    const rate = getLearningRate(optimizer);
    // Keras compares in float32: a rate already at minLr, as float32, is not reduced again.
    if (rate > Math.fround(this.minLr)) {
      const reduced = Math.max(rate * this.factor, this.minLr);
      setLearningRate(optimizer, reduced);
      this.say(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${reduced}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  override getState(): CallbackState {
    return { values: { best: this.best ?? null, wait: this.wait, cooldownCounter: this.cooldownCounter } };
  }

  override setState(state: CallbackState): void {
    const values = state.values as { best: number | null; wait: number; cooldownCounter: number };
    this.best = values.best ?? undefined;
    this.wait = values.wait;
    this.cooldownCounter = values.cooldownCounter;
  }

  private say(message: string): void {
    if (this.args.verbose) (this.args.stream ?? process.stderr).write(`${message}\n`);
  }
}
