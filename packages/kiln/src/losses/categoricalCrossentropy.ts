import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface CategoricalCrossentropyOptions {
  /**
   * In [0, 1): the one-hot targets become y (1 - s) + s / classes (Keras' `label_smoothing`), so the
   * model is not pushed towards infinitely confident outputs. Default 0.
   */
  labelSmoothing?: number;
}

/**
 * Keras' `CategoricalCrossentropy` loss on probabilities (a softmax output), with label smoothing:
 * a function `compile({ loss })` accepts, giving one loss per example.
 */
export function categoricalCrossentropy(
  options: CategoricalCrossentropyOptions = {},
): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor {
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new Error(`categoricalCrossentropy: labelSmoothing must be in [0, 1), got ${smoothing}`);
  }
  return (yTrue, yPred) =>
    tf.tidy(() => {
      if (smoothing === 0) return tfl.metrics.categoricalCrossentropy(yTrue, yPred);
      const classes = yTrue.shape[yTrue.rank - 1]!;
      const smoothed = tf.add(tf.mul(yTrue, 1 - smoothing), smoothing / classes);
      return tfl.metrics.categoricalCrossentropy(smoothed, yPred);
    });
}
