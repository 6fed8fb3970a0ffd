import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { Callback } from './callback.js';

export interface ExponentialMovingAverageOptions {
  /** The average's decay per update, as Keras' `ema_momentum` (default 0.999). */
  decay?: number;
  /** Update every this many training steps, with decay^updateEvery (default 1: every step). */
  updateEvery?: number;
  /**
   * Early on, use min(decay, (1 + n) / (10 + n)) after n updates (TensorFlow's `num_updates`), so
   * the average is not anchored to the initial weights (default true).
   */
  warmup?: boolean;
}

/**
 * An exponential moving average of a model's weights (trainable ones and BatchNormalization's
 * moving statistics), the weights the speed-run recipes and Keras' `use_ema` evaluate with:
 * `update()` after each step (or pass it to fit's callbacks, which then updates it every
 * `updateEvery` steps), then `apply()` to evaluate or save with the averages and `restore()` to go
 * on training (or `withAverages(fn)`).
 */
export class ExponentialMovingAverage extends Callback {
  private readonly decay: number;
  private readonly updateEvery: number;
  private readonly warmup: boolean;
  private averages: tf.Variable[] | undefined;
  private saved: tf.Tensor[] | undefined;
  private steps = 0;
  private updates = 0;

  constructor(model: tfl.LayersModel, options: ExponentialMovingAverageOptions = {}) {
    super();
    this.model = model;
    this.decay = options.decay ?? 0.999;
    if (!(this.decay >= 0 && this.decay < 1))
      throw new Error(`ExponentialMovingAverage: decay must be in [0, 1), got ${this.decay}`);
    this.updateEvery = options.updateEvery ?? 1;
    if (!Number.isInteger(this.updateEvery) || this.updateEvery < 1) {
      throw new Error(`ExponentialMovingAverage: updateEvery must be a positive integer, got ${this.updateEvery}`);
    }
    this.warmup = options.warmup ?? true;
  }

  /** The decay the next update uses. */
  currentDecay(): number {
    const decay = this.warmup ? Math.min(this.decay, (1 + this.updates) / (10 + this.updates)) : this.decay;
    return decay ** this.updateEvery;
  }

  /** Moves the averages towards the model's weights (the first call starts them at the weights). */
  update(): void {
    if (this.saved !== undefined)
      throw new Error('ExponentialMovingAverage: restore() the trained weights before updating');
    const weights = this.floatWeights();
    if (this.averages === undefined) {
      this.averages = weights.map((w) => tf.tidy(() => w.read().clone().variable(false)));
    } else {
      const decay = this.currentDecay();
      tf.tidy(() =>
        this.averages!.forEach((a, i) => a.assign(tf.add(tf.mul(a, decay), tf.mul(weights[i]!.read(), 1 - decay)))),
      );
    }
    this.updates++;
  }

  override setModel(model: tfl.LayersModel): void {
    if (model !== this.model)
      throw new Error('ExponentialMovingAverage: fit was given another model than the one it averages');
  }

  /** Starts the average at the first training step, then updates it every `updateEvery` steps. */
  override onBatchEnd(): void {
    if (++this.steps % this.updateEvery === 0 || this.averages === undefined) this.update();
  }

  /** Puts the averages into the model, keeping its own weights for restore(). */
  apply(): void {
    if (this.averages === undefined)
      throw new Error('ExponentialMovingAverage: no average yet: call update() after a training step first');
    if (this.saved !== undefined) return;
    const weights = this.floatWeights();
    this.saved = weights.map((w) => w.read().clone());
    weights.forEach((w, i) => w.write(this.averages![i]!));
  }

  /** Puts the model's own weights back after apply(). */
  restore(): void {
    if (this.saved === undefined) return;
    const weights = this.floatWeights();
    weights.forEach((w, i) => w.write(this.saved![i]!));
    tf.dispose(this.saved);
    this.saved = undefined;
  }

  /** Runs `fn` with the averages in the model, then restores its weights. */
  async withAverages<T>(fn: () => T | Promise<T>): Promise<T> {
    this.apply();
    try {
      return await fn();
    } finally {
      this.restore();
    }
  }

  dispose(): void {
    this.restore();
    tf.dispose(this.averages ?? []);
    this.averages = undefined;
  }

  private floatWeights(): tfl.LayerVariable[] {
    return this.model.weights.filter((w) => w.dtype === 'float32');
  }
}
