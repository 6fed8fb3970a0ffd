import * as tf from '@tensorflow/tfjs-core';

import {
  forEachGradient,
  slotsFrom,
  slotWeights,
  zeroSlot,
  type NamedTensor,
  type Slot,
} from '../models/variableUpdates.js';
import { checkedWeightDecay, decayed, type WeightDecayOptions } from './decoupledWeightDecay.js';

export interface SgdOptions extends WeightDecayOptions {
  /** Default 0.01, Keras'; `scheduleLearningRate` or a LearningRateScheduler callback change it per step or epoch. */
  learningRate?: number;
  /** Default 0: plain gradient descent. */
  momentum?: number;
  /** Nesterov's momentum (default false). */
  nesterov?: boolean;
}

/**
 * Keras 3's SGD: with momentum mu, m = mu m - lr g, then w += m, or with Nesterov's momentum
 * w += mu m - lr g; and decoupled weight decay, w -= lr wd w before the step. tfjs' SGD and Momentum
 * optimizers have no weight decay.
 */
export class SgdOptimizer extends tf.Optimizer {
  static className = 'KilnSGD';
  /** Public and mutable, as in tfjs' optimizers, for `setLearningRate` and the schedules. */
  learningRate: number;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly excluded: readonly string[];
  private momentumSlots: Slot[] = [];

  constructor(options: SgdOptions = {}) {
    super();
    this.learningRate = options.learningRate ?? 0.01;
    this.momentum = options.momentum ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new Error(`SGD: momentum must be in [0, 1), got ${this.momentum}`);
    }
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = checkedWeightDecay('SGD', options.weightDecay, 0);
    this.excluded = options.excludeFromWeightDecay ?? [];
    if (!(this.learningRate >= 0) || !Number.isFinite(this.learningRate)) {
      throw new Error(`SGD: learningRate must be a finite number >= 0, got ${this.learningRate}`);
    }
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const lr = this.learningRate;
    forEachGradient('SGD', variableGradients, (value, gradient, i) => {
      tf.tidy(() => {
        const start = decayed(value, lr, this.weightDecay, this.excluded);
        if (this.momentum === 0) {
          value.assign(tf.sub(start, tf.mul(gradient, lr)));
          return;
        }
        this.momentumSlots[i] ??= zeroSlot(value.name, value, 'momentum');
        const slot = this.momentumSlots[i]!.variable;
        const step = tf.mul(gradient, -lr);
        const m = tf.add(tf.mul(slot, this.momentum), step);
        slot.assign(m);
        value.assign(tf.add(start, this.nesterov ? tf.add(tf.mul(m, this.momentum), step) : m));
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.momentumSlots.map((slot) => slot.variable));
    this.momentumSlots = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...slotWeights(this.momentumSlots)];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    this.dispose();
    this.momentumSlots = slotsFrom(values);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      momentum: this.momentum,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
      excludeFromWeightDecay: [...this.excluded],
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as SgdOptions);
  }
}
tf.serialization.registerClass(SgdOptimizer);
