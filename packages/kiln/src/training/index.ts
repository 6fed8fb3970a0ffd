// What the rest of Kiln imports from the training concern; users see the curated names of src/api/ (src/index.ts).
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
export { predictViews, testTimeViews, type TestTimeAugmentation } from './testTimeAugmentation.js';
