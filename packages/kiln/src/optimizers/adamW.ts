import * as tf from '@tensorflow/tfjs-core';

import { forEachGradient, slotsFrom, slotWeights, zeroSlot, type NamedTensor, type Slot } from './variableUpdates.js';
import { DecoupledWeightDecayOptimizer, type WeightDecayOptions } from './decoupledWeightDecay.js';

export interface AdamWOptions extends WeightDecayOptions {
  /** Default 0.001; `scheduleLearningRate` or a LearningRateScheduler callback change it per step or epoch. */
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Keras 3's AdamW: Adam (m, v the moving means of g and g², w -= lr_t m / (sqrt(v) + epsilon) with
 * lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)) plus decoupled weight decay, w -= lr wd w before the
 * step (default wd 0.004, Keras'). tfjs has no AdamW.
 */
export class AdamWOptimizer extends DecoupledWeightDecayOptimizer {
  static className = 'AdamW';
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private firstMoments: Slot[] = [];
  private secondMoments: Slot[] = [];

  constructor(options: AdamWOptions = {}) {
    super('AdamW', options, { learningRate: 0.001, weightDecay: 0.004 });
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    for (const [name, v] of [
      ['beta1', this.beta1],
      ['beta2', this.beta2],
    ] as const) {
      if (!(v >= 0 && v < 1)) throw new Error(`AdamW: ${name} must be in [0, 1), got ${v}`);
    }
    if (!(this.epsilon > 0)) throw new Error(`AdamW: epsilon must be > 0, got ${this.epsilon}`);
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const lr = this.learningRate;
    const t = this.iterations + 1;
    const correctedLr = (lr * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    forEachGradient('AdamW', variableGradients, (value, gradient, i) => {
      this.firstMoments[i] ??= zeroSlot(value.name, value, 'm');
      this.secondMoments[i] ??= zeroSlot(value.name, value, 'v');
      const [m, v] = [this.firstMoments[i]!.variable, this.secondMoments[i]!.variable];
      tf.tidy(() => {
        const start = this.decayed(value);
        const newM = tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const newV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        m.assign(newM);
        v.assign(newV);
        value.assign(tf.sub(start, tf.div(tf.mul(newM, correctedLr), tf.add(tf.sqrt(newV), this.epsilon))));
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((slot) => slot.variable));
    this.firstMoments = [];
    this.secondMoments = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...slotWeights([...this.firstMoments, ...this.secondMoments])];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    this.dispose();
    this.firstMoments = slotsFrom(values.slice(0, values.length / 2));
    this.secondMoments = slotsFrom(values.slice(values.length / 2));
  }

  protected ownConfig(): tf.serialization.ConfigDict {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(AdamWOptimizer);
