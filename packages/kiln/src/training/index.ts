// What the rest of Kiln imports from the training concern; users see the curated names of src/api/ (src/index.ts).
export { fit, type FitOptions } from './fit.js';
export { evaluate } from './evaluate.js';
export { outputClasses, predict, type PredictOptions } from './predict.js';
