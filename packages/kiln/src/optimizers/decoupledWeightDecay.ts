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

/** A checked weight decay: a finite number >= 0. */
export function checkedWeightDecay(optimizerName: string, weightDecay: number | undefined, fallback: number): number {
  const value = weightDecay ?? fallback;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new Error(`${optimizerName}: weightDecay must be a finite number >= 0, got ${value}`);
  }
  return value;
}

/** value * (1 - learningRate * weightDecay) when the variable is decayed, else value itself. */
export function decayed(
  value: tf.Variable,
  learningRate: number,
  weightDecay: number,
  excluded: readonly string[],
): tf.Tensor {
  if (weightDecay === 0 || excluded.some((part) => value.name.includes(part))) return value;
  return tf.mul(value, 1 - learningRate * weightDecay);
}
