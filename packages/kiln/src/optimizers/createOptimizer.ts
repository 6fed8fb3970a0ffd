import * as tf from '@tensorflow/tfjs-core';
import { KerasAdadeltaOptimizer } from './kerasAdadelta.js';
import { KerasRmspropOptimizer } from './kerasRmsprop.js';
import { AdamWOptimizer } from './adamW.js';
import { scheduleLearningRate } from './learningRate.js';
import type { LearningRateSchedule } from './schedules/learningRateSchedule.js';
import { SgdOptimizer } from './sgd.js';

/** The optimizers Kiln can train with, by their Keras names. */
export const optimizerNames = ['rmsprop', 'adadelta', 'adam', 'sgd', 'adamw'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export interface OptimizerSpec {
  readonly name: OptimizerName;
  /** Defaults to Keras' default for the optimizer (see `defaultLearningRates`). */
  readonly learningRate?: number;
  /** SGD's momentum (default 0) and whether it is Nesterov's (default false). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  /** SGD's and AdamW's decoupled weight decay (defaults 0 and 0.004, Keras'), not applied to biases and BatchNormalization's gamma and beta. */
  readonly weightDecay?: number;
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
  adamw: 0.001,
};

/** Weights that weight decay leaves alone, as the speed-run recipes and most AdamW users do. */
const notDecayed = ['bias', 'gamma', 'beta'];

/** Keras' epsilon for every optimizer (tfjs would pick the backend's, which may differ). */
const epsilon = 1e-7;

/**
 * A fresh tfjs optimizer configured like its Keras namesake; with a `schedule`, its learning rate
 * follows it step by step (see `scheduleLearningRate`) instead of staying `spec.learningRate`.
 */
export function createOptimizer(spec: OptimizerSpec, schedule?: LearningRateSchedule): tf.Optimizer {
  const optimizer = createConstantRateOptimizer(spec);
  return schedule === undefined ? optimizer : scheduleLearningRate(optimizer, schedule);
}

function createConstantRateOptimizer(spec: OptimizerSpec): tf.Optimizer {
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
      return new SgdOptimizer({
        learningRate,
        momentum: spec.momentum ?? 0,
        nesterov: spec.nesterov ?? false,
        weightDecay: spec.weightDecay ?? 0,
        excludeFromWeightDecay: notDecayed,
      });
    case 'adamw':
      return new AdamWOptimizer({
        learningRate,
        ...(spec.weightDecay === undefined ? {} : { weightDecay: spec.weightDecay }),
        epsilon,
        excludeFromWeightDecay: notDecayed,
      });
    default:
      throw new Error(`unknown optimizer '${String(spec.name)}': use one of ${optimizerNames.join(', ')}`);
  }
}
