import * as tf from '@tensorflow/tfjs-core';
import { KerasAdadeltaOptimizer } from './kerasAdadelta.js';
import { KerasRmspropOptimizer } from './kerasRmsprop.js';

/** The optimizers Kiln can train with, by their Keras names. */
export const optimizerNames = ['rmsprop', 'adadelta', 'adam', 'sgd'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export interface OptimizerSpec {
  readonly name: OptimizerName;
  /** Defaults to Keras' default for the optimizer (see `defaultLearningRates`). */
  readonly learningRate?: number;
}

/**
 * tf.keras' default learning rates. Adadelta's is 0.001 since TF 2 (it was 1.0 in Keras 1/2.2,
 * the value Adadelta was designed for); the chapter's `regular-adadelta` model sets 1.0 explicitly.
 */
export const defaultLearningRates: Readonly<Record<OptimizerName, number>> = {
  rmsprop: 0.001,
  adadelta: 0.001,
  adam: 0.001,
  sgd: 0.01,
};

/** Keras' epsilon for every optimizer (tfjs would pick the backend's, which may differ). */
const epsilon = 1e-7;

/** A fresh tfjs optimizer configured like its Keras namesake. */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const learningRate = spec.learningRate ?? defaultLearningRates[spec.name];
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`learning rate ${learningRate} for ${spec.name} is invalid: it must be a positive number`);
  }
  switch (spec.name) {
    case 'rmsprop':
      return new KerasRmspropOptimizer(learningRate, 0.9, epsilon);
    case 'adadelta':
      return new KerasAdadeltaOptimizer(learningRate, 0.95, epsilon);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
    case 'sgd':
      return tf.train.sgd(learningRate);
    default:
      throw new Error(`unknown optimizer '${String(spec.name)}': use one of ${optimizerNames.join(', ')}`);
  }
}
