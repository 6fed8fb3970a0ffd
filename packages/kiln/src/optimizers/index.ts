// Public API of the optimizers concern, as keras.optimizers: the optimizers by their Keras names,
// their learning rates and schedules.
export {
  createOptimizer,
  defaultLearningRates,
  optimizerNames,
  type OptimizerName,
  type OptimizerSpec,
} from './createOptimizer.js';
export { KerasAdadeltaOptimizer } from './kerasAdadelta.js';
export { KerasRmspropOptimizer } from './kerasRmsprop.js';
export * from './schedules/index.js';
export { getLearningRate, scheduleLearningRate, setLearningRate } from './learningRate.js';
