// Kiln's public API, laid out as Keras and Optuna are: the training calls at the top, and one
// namespace per concern (kiln.datasets.loadCifar10, kiln.layers.conv2d, kiln.tuning.createStudy, ...).
// Each namespace is the curated list in src/api/; everything else is internal.
export { setupBackend } from './backend/select.js';
export * as mixedPrecision from './api/mixedPrecision.js';
export { fit, type FitOptions } from './training/fit.js';
export { evaluate } from './training/evaluate.js';
export { predict, type PredictOptions } from './training/predict.js';
export * as datasets from './api/datasets.js';
export * as layers from './models/layers/index.js';
export * as models from './api/models.js';
export * as optimizers from './api/optimizers.js';
export * as callbacks from './api/callbacks.js';
export * as metrics from './api/metrics.js';
export * as tuning from './api/tuning.js';
export * as ensembling from './api/ensembling.js';
export * as losses from './losses/index.js';
export * as recipes from './recipes/index.js';
