import type * as tf from '@tensorflow/tfjs-core';
import type { LearningRateSchedule } from './schedules/learningRateSchedule.js';

/** tfjs' optimizers keep their rate in a `learningRate` field; SGD and Momentum cache it too, behind `setLearningRate`. */
interface WithLearningRate {
  learningRate: number;
  setLearningRate?(learningRate: number): void;
}

/** The optimizer's current learning rate (Keras' `optimizer.learning_rate`). */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const rate = (optimizer as unknown as Partial<WithLearningRate>).learningRate;
  if (typeof rate !== 'number')
    throw new Error(
      `optimizer ${optimizer.getClassName()} has no numeric learningRate field: its rate cannot be read or changed`,
    );
  return rate;
}

/** Sets the optimizer's learning rate for its next steps. */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(learningRate >= 0) || !Number.isFinite(learningRate))
    throw new Error(`learning rate must be a finite number ≥ 0, got ${learningRate}`);
  getLearningRate(optimizer);
  const target = optimizer as unknown as WithLearningRate;
  if (typeof target.setLearningRate === 'function') target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}

/**
 * Makes `schedule` the optimizer's learning rate, as Keras' `optimizer(learning_rate=schedule)`:
 * before each step the rate becomes `schedule.call(optimizer.iterations)`. Returns the optimizer.
 */
export function scheduleLearningRate<T extends tf.Optimizer>(optimizer: T, schedule: LearningRateSchedule): T {
  const applyGradients = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (variableGradients) => {
    setLearningRate(optimizer, schedule.call(optimizer.iterations));
    applyGradients(variableGradients);
  };
  return optimizer;
}
