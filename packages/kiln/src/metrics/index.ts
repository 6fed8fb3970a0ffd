// What the rest of Kiln imports from the metrics concern: the probability matrices models and ensembles predict,
// and their scores; users see the curated names of src/api/metrics.ts.
export type { Labels, ProbabilityMatrix } from './probabilityMatrix.js';
export { argmaxRows, probabilityMatrixFromTensor } from './probabilityMatrix.js';
export { validateLabels, validateMatrix, validateMembers } from './validate.js';
export {
  LOG_LOSS_EPSILON,
  accuracy,
  topKAccuracy,
  clipProbability,
  confusionMatrix,
  evaluateProbabilities,
  expectedCalibrationError,
  logLoss,
  type Evaluation,
} from './classification.js';
export { reliabilityBins, type ReliabilityBin } from './reliability.js';
