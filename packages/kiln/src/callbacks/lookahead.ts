import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { Callback } from './callback.js';

export interface LookaheadOptions {
  /** Synchronise every this many training steps (default 5, airbench's; TensorFlow Addons' is 6). */
  syncPeriod?: number;
  /**
   * α, how far the slow weights move towards the fast ones at each synchronisation: a number in
   * [0, 1], or a function of the fraction of training done (steps so far / all of fit's steps)
   * returning one (default 0.5, TensorFlow Addons'). airbench94's is `(f) => 1 - 0.95 ** 5 * f ** 3`:
   * plain training early, an ever longer memory towards the end.
   */
  slowStepSize?: number | ((fraction: number) => number);
}

/**
 * Lookahead (Zhang et al., 2019) over any optimizer, as a callback: the model's weights (the
 * "fast" ones, trainable weights and BatchNormalization's moving statistics alike) train as usual;
 * every `syncPeriod` steps the slow weights move a step towards them, slow += α (fast - slow), and
 * training goes on from the slow weights (fast = slow). At the last step of fit (or when training
 * stops early) the model is left holding the slow weights, as airbench94 ends. Unlike an exponential
 * moving average, the average is fed back into training, which damps the noise of a high
 * learning rate while it trains.
 */
export class Lookahead extends Callback {
  private readonly syncPeriod: number;
  private readonly slowStepSize: (fraction: number) => number;
  private slow: tf.Variable[] | undefined;
  private steps = 0;
  private totalSteps = 0;

  constructor(model: tfl.LayersModel, options: LookaheadOptions = {}) {
    super();
    this.model = model;
    this.syncPeriod = options.syncPeriod ?? 5;
    if (!Number.isInteger(this.syncPeriod) || this.syncPeriod < 1) {
      throw new Error(`Lookahead: syncPeriod must be a positive integer, got ${this.syncPeriod}`);
    }
    const given = options.slowStepSize ?? 0.5;
    if (typeof given === 'number') checkStepSize(given);
    this.slowStepSize = typeof given === 'number' ? () => given : (fraction) => checkStepSize(given(fraction));
  }

  override setModel(model: tfl.LayersModel): void {
    if (model !== this.model) throw new Error('Lookahead: fit was given another model than the one it was made for');
  }

  /** The slow weights start at the model's weights. */
  override onTrainBegin(): void {
    this.dispose();
    this.slow = this.floatWeights().map((w) => tf.tidy(() => w.read().clone().variable(false)));
    this.steps = 0;
    this.totalSteps = this.params.epochs * this.params.steps;
  }

  override onBatchEnd(): void {
    this.steps++;
    if (this.steps % this.syncPeriod === 0) this.synchronize(this.slowStepSize(this.steps / this.totalSteps));
    else if (this.steps === this.totalSteps) this.synchronize(0);
  }

  override onTrainEnd(): void {
    if (this.steps !== this.totalSteps && this.steps % this.syncPeriod !== 0) this.synchronize(0);
    this.dispose();
  }

  /** slow += α (fast - slow), then fast = slow. */
  synchronize(alpha: number): void {
    if (this.slow === undefined) throw new Error('Lookahead: no slow weights: synchronize() runs during fit');
    const weights = this.floatWeights();
    tf.tidy(() =>
      this.slow!.forEach((s, i) => {
        if (alpha > 0) s.assign(tf.add(s, tf.mul(tf.sub(weights[i]!.read(), s), alpha)));
        weights[i]!.write(s);
      }),
    );
  }

  dispose(): void {
    tf.dispose(this.slow ?? []);
    this.slow = undefined;
  }

  private floatWeights(): tfl.LayerVariable[] {
    return this.model.weights.filter((w) => w.dtype === 'float32');
  }
}

function checkStepSize(alpha: number): number {
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`Lookahead: slowStepSize must be in [0, 1], got ${alpha}`);
  return alpha;
}
