import * as tf from '@tensorflow/tfjs-core';
import { hasSgdMomentumUpdate, sgdMomentumUpdate } from 'tfjs-backend-onednn';

import { forEachGradient, slotsFrom, slotWeights, zeroSlot, type NamedTensor, type Slot } from './variableUpdates.js';
import { DecoupledWeightDecayOptimizer, type WeightDecayOptions } from './decoupledWeightDecay.js';

export interface SgdOptions extends WeightDecayOptions {
  /** Default 0.01, Keras'; `scheduleLearningRate` or a LearningRateScheduler callback change it per step or epoch. */
  learningRate?: number;
  /** Default 0: plain gradient descent. */
  momentum?: number;
  /** Nesterov's momentum (default false). */
  nesterov?: boolean;
  /**
   * Variables whose name contains a key take their gradient step at the learning rate times its value
   * (PyTorch's parameter groups; the speed-run recipes' larger rate for BatchNormalization's offsets).
   * Weight decay keeps the plain rate. Default none.
   */
  learningRateMultipliers?: Readonly<Record<string, number>>;
}

/**
 * Keras 3's SGD: with momentum mu, m = mu m - lr g, then w += m, or with Nesterov's momentum
 * w += mu m - lr g; and decoupled weight decay, w -= lr wd w before the step. tfjs' SGD and Momentum
 * optimizers have no weight decay. On a backend that has it (onednn) each weight's step with
 * momentum is one native op instead of seven kernels.
 */
export class SgdOptimizer extends DecoupledWeightDecayOptimizer {
  static className = 'KilnSGD';
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly multipliers: Readonly<Record<string, number>>;
  private momentumSlots: Slot[] = [];

  constructor(options: SgdOptions = {}) {
    super('SGD', options, { learningRate: 0.01, weightDecay: 0 });
    this.momentum = options.momentum ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new Error(`SGD: momentum must be in [0, 1), got ${this.momentum}`);
    }
    this.nesterov = options.nesterov ?? false;
    this.multipliers = { ...options.learningRateMultipliers };
    for (const [part, factor] of Object.entries(this.multipliers)) {
      if (!(factor > 0) || !Number.isFinite(factor))
        throw new Error(`SGD: learningRateMultipliers['${part}'] must be a positive number, got ${factor}`);
    }
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    forEachGradient('SGD', variableGradients, (value, gradient, i) => {
      tf.tidy(() => {
        const lr = this.learningRate * this.multiplierOf(value.name);
        if (this.momentum === 0) {
          value.assign(tf.sub(this.decayed(value), tf.mul(gradient, lr)));
          return;
        }
        this.momentumSlots[i] ??= zeroSlot(value.name, value, 'momentum');
        const slot = this.momentumSlots[i]!.variable;
        if (hasSgdMomentumUpdate() && value.dtype === 'float32') {
          const next = sgdMomentumUpdate(value, gradient, slot, {
            learningRate: lr,
            decayFactor: this.decayFactor(value),
            momentumFactor: this.momentum,
            nesterov: this.nesterov,
          });
          slot.assign(next.momentum);
          value.assign(next.value);
          return;
        }
        const step = tf.mul(gradient, -lr);
        const m = tf.add(tf.mul(slot, this.momentum), step);
        slot.assign(m);
        value.assign(tf.add(this.decayed(value), this.nesterov ? tf.add(tf.mul(m, this.momentum), step) : m));
      });
    });
    this.incrementIterations();
  }

  /** The first matching multiplier of a variable's rate, else 1. */
  private multiplierOf(name: string): number {
    return Object.entries(this.multipliers).find(([part]) => name.includes(part))?.[1] ?? 1;
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

  protected ownConfig(): tf.serialization.ConfigDict {
    return {
      momentum: this.momentum,
      nesterov: this.nesterov,
      ...(Object.keys(this.multipliers).length === 0 ? {} : { learningRateMultipliers: { ...this.multipliers } }),
    };
  }
}
tf.serialization.registerClass(SgdOptimizer);
