// kiln.metrics: the class probabilities models and ensembles predict, and how they are scored.
export type { Labels, ProbabilityMatrix } from '../metrics/probabilityMatrix.js';
export { argmaxRows, probabilityMatrixFromTensor } from '../metrics/probabilityMatrix.js';
export {
  accuracy,
  confusionMatrix,
  evaluateProbabilities,
  expectedCalibrationError,
  logLoss,
  type Evaluation,
} from '../metrics/classification.js';
export { reliabilityBins, type ReliabilityBin } from '../metrics/reliability.js';
