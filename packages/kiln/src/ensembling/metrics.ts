import { argmaxRows, type Labels, type ProbabilityMatrix } from './probabilityMatrix.js';
import { validateMembers } from './validate.js';

/** Probabilities are clipped to [EPSILON, 1 - EPSILON] before taking logs, as Keras does. */
export const LOG_LOSS_EPSILON = 1e-7;

/** Fraction of rows whose argmax equals the label. */
export function accuracy(probabilities: ProbabilityMatrix, labels: Labels): number {
  validateMembers([probabilities], labels);
  const predicted = argmaxRows(probabilities);
  let correct = 0;
  for (let row = 0; row < predicted.length; row++) if (predicted[row] === labels[row]) correct++;
  return correct / predicted.length;
}

/** Fraction of rows whose label is among the `k` most probable classes (fewer than `k` classes beat it), as Keras' top-k accuracy. */
export function topKAccuracy(probabilities: ProbabilityMatrix, labels: Labels, k: number): number {
  validateMembers([probabilities], labels);
  const { data, rows, classes } = probabilities;
  let correct = 0;
  for (let row = 0; row < rows; row++) {
    const truth = data[row * classes + labels[row]!]!;
    let above = 0;
    for (let c = 0; c < classes; c++) if (data[row * classes + c]! > truth) above++;
    if (above < k) correct++;
  }
  return correct / rows;
}

/** Mean negative log-probability of the true class (categorical cross-entropy), clipped at `epsilon`. */
export function logLoss(probabilities: ProbabilityMatrix, labels: Labels, epsilon = LOG_LOSS_EPSILON): number {
  validateMembers([probabilities], labels);
  const { data, rows, classes } = probabilities;
  let total = 0;
  for (let row = 0; row < rows; row++) total -= Math.log(clipProbability(data[row * classes + labels[row]], epsilon));
  return total / rows;
}

/** Clips a probability into [epsilon, 1 - epsilon] so its log is finite. */
export function clipProbability(probability: number, epsilon = LOG_LOSS_EPSILON): number {
  return Math.min(1 - epsilon, Math.max(epsilon, probability));
}

/**
 * Expected calibration error (Guo et al., 2017), top-label: rows are binned by their highest
 * probability into `bins` equal-width bins over [0, 1]; ECE is the row-weighted mean over bins
 * of |accuracy - mean confidence|.
 */
export function expectedCalibrationError(probabilities: ProbabilityMatrix, labels: Labels, bins = 15): number {
  validateMembers([probabilities], labels);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  const { data, rows, classes } = probabilities;
  const predicted = argmaxRows(probabilities);
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let row = 0; row < rows; row++) {
    const top = data[row * classes + predicted[row]];
    // Bins are (lower, upper]; a confidence of exactly 0 joins the first bin.
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(top * bins) - 1));
    count[bin]++;
    confidence[bin] += top;
    if (predicted[row] === labels[row]) correct[bin]++;
  }
  let error = 0;
  for (let bin = 0; bin < bins; bin++) {
    if (count[bin] > 0) error += Math.abs(correct[bin] - confidence[bin]) / rows;
  }
  return error;
}

/** `matrix[trueClass][predictedClass]` = number of rows, as scikit-learn's `confusion_matrix`. */
export function confusionMatrix(probabilities: ProbabilityMatrix, labels: Labels): number[][] {
  validateMembers([probabilities], labels);
  const { classes } = probabilities;
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  argmaxRows(probabilities).forEach((predicted, row) => counts[labels[row]][predicted]++);
  return counts;
}

/** The three figures Kiln reports for any classifier's probabilities. */
export interface ClassificationReport {
  readonly accuracy: number;
  readonly logLoss: number;
  readonly expectedCalibrationError: number;
}

export function evaluateProbabilities(probabilities: ProbabilityMatrix, labels: Labels): ClassificationReport {
  return {
    accuracy: accuracy(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    expectedCalibrationError: expectedCalibrationError(probabilities, labels),
  };
}
