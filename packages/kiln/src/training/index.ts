// Public API of the training concern; re-exported by src/index.ts.
export { fit, type FitOptions } from './fit.js';
export { evaluate } from './evaluate.js';
export { outputClasses, predict, type PredictOptions } from './predict.js';
