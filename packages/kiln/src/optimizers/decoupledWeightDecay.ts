import * as tf from '@tensorflow/tfjs-core';

/** Options of decoupled weight decay (Loshchilov and Hutter), shared by SGD and AdamW. */
export interface WeightDecayOptions {
  /** Each step, before the gradient step, w -= learningRate * weightDecay * w (as Keras 3's `weight_decay`). */
  weightDecay?: number;
  /**
   * Variables whose name contains one of these strings are not decayed (Keras'
   * `exclude_from_weight_decay`); the usual choice is ['bias', 'gamma', 'beta'].
   */
  excludeFromWeightDecay?: readonly string[];
}

/**
 * What SGD and AdamW share: a learning rate the schedules can set, decoupled weight decay, and a
 * config that recreates the optimizer.
 */
export abstract class DecoupledWeightDecayOptimizer extends tf.Optimizer {
  /** Public and mutable, as in tfjs' optimizers, for `setLearningRate` and the schedules. */
  learningRate: number;
  protected readonly weightDecay: number;
  private readonly excluded: readonly string[];

  constructor(
    protected readonly optimizerName: string,
    options: WeightDecayOptions & { learningRate?: number },
    defaults: { learningRate: number; weightDecay: number },
  ) {
    super();
    this.learningRate = options.learningRate ?? defaults.learningRate;
    this.weightDecay = options.weightDecay ?? defaults.weightDecay;
    this.excluded = options.excludeFromWeightDecay ?? [];
    for (const [name, value] of [
      ['learningRate', this.learningRate],
      ['weightDecay', this.weightDecay],
    ] as const) {
      if (!(value >= 0) || !Number.isFinite(value)) {
        throw new Error(`${optimizerName}: ${name} must be a finite number >= 0, got ${value}`);
      }
    }
  }

  /** value * (1 - learningRate * weightDecay) when the variable is decayed, else value itself. */
  protected decayed(value: tf.Variable): tf.Tensor {
    return this.isDecayed(value) ? tf.mul(value, this.decayFactor(value)) : value;
  }

  /** What decayed() multiplies the variable by: 1 - learningRate * weightDecay, or 1. */
  protected decayFactor(value: tf.Variable): number {
    return this.isDecayed(value) ? 1 - this.learningRate * this.weightDecay : 1;
  }

  private isDecayed(value: tf.Variable): boolean {
    return this.weightDecay !== 0 && !this.excluded.some((part) => value.name.includes(part));
  }

  /** The config of the subclass' own options, merged into getConfig's. */
  protected abstract ownConfig(): tf.serialization.ConfigDict;

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      ...this.ownConfig(),
      weightDecay: this.weightDecay,
      excludeFromWeightDecay: [...this.excluded],
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
