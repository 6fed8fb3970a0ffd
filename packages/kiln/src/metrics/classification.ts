import { argmaxRows, type Labels, type ProbabilityMatrix } from './probabilityMatrix.js';
import { reliabilityBins } from './reliability.js';
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
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  return reliabilityBins(probabilities, labels, bins).reduce(
    (error, bin) => error + (bin.count / probabilities.rows) * Math.abs(bin.accuracy - bin.confidence),
    0,
  );
}

/** `matrix[trueClass][predictedClass]` = number of rows, as scikit-learn's `confusion_matrix`. */
export function confusionMatrix(probabilities: ProbabilityMatrix, labels: Labels): number[][] {
  validateMembers([probabilities], labels);
  const { classes } = probabilities;
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  argmaxRows(probabilities).forEach((predicted, row) => counts[labels[row]][predicted]++);
  return counts;
}

/**
 * How well a classifier's probabilities predict the labels: Keras' `evaluate` figures (loss and
 * accuracy), and the calibration error. Models (`evaluate`) and ensembles report this one shape.
 */
export interface Evaluation {
  /** Categorical crossentropy (log loss), probabilities clipped to [1e-7, 1 - 1e-7] as Keras does. */
  readonly loss: number;
  /** Fraction of rows whose most probable class is their label. */
  readonly accuracy: number;
  readonly expectedCalibrationError: number;
}

/** The `Evaluation` of predictions already made (a model's, or an ensemble's) against integer labels. */
export function evaluateProbabilities(probabilities: ProbabilityMatrix, labels: Labels): Evaluation {
  return {
    loss: logLoss(probabilities, labels),
    accuracy: accuracy(probabilities, labels),
    expectedCalibrationError: expectedCalibrationError(probabilities, labels),
  };
}
