// Public API of the optimizers concern, as keras.optimizers: the optimizers by their Keras names.
export {
  createOptimizer,
  defaultLearningRates,
  optimizerNames,
  type OptimizerName,
  type OptimizerSpec,
} from './createOptimizer.js';
export { KerasAdadeltaOptimizer } from './kerasAdadelta.js';
export { KerasRmspropOptimizer } from './kerasRmsprop.js';
