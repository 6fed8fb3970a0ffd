// Public API of the training concern; re-exported by src/index.ts.
export { fit, type FitOptions } from './fit.js';
export {
  evaluate,
  isRegressionEvaluation,
  scoreOutputs,
  scoreRegression,
  type ClassifierEvaluation,
  type EvaluateOptions,
  type RegressionEvaluation,
} from './evaluate.js';
export { outputClasses, predict, type PredictOptions } from './predict.js';
