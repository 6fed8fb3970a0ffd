import type * as tfl from '@tensorflow/tfjs-layers';
import { isImageSet, type Examples } from '../data/index.js';
import { accuracy, logLoss, topKAccuracy, type Labels, type ProbabilityMatrix } from '../ensembling/index.js';
import { predict, type PredictOptions } from './predict.js';

/** A classifier's scores. */
export interface Evaluation {
  /** Categorical crossentropy, probabilities clipped to [1e-7, 1 - 1e-7] as Keras does. */
  readonly loss: number;
  /** Fraction of examples whose most probable class is their label. */
  readonly accuracy: number;
  /** With more than `k` classes: the fraction whose label is among the `k` most probable (Keras' top-k). */
  readonly topKAccuracy?: number;
}

/** A regressor's scores, in the targets' units. */
export interface RegressionEvaluation {
  /** Mean squared error. */
  readonly loss: number;
  /** Mean absolute error. */
  readonly mae: number;
}

export interface EvaluateOptions extends PredictOptions {
  /** k of top-k accuracy; default 5, as Keras' `TopKCategoricalAccuracy`. */
  readonly k?: number;
}

/** Keras' `model.evaluate(x, y)`: a classifier's loss and accuracy on `set`, or a regressor's MSE and MAE. */
export function evaluate(
  model: tfl.LayersModel,
  set: Examples,
  options: EvaluateOptions = {},
): Evaluation | RegressionEvaluation {
  return scoreOutputs(predict(model, set, options), set, options);
}

/** Scores predictions already made (say, an ensemble's) against the targets of `set`. */
export function scoreOutputs(
  outputs: ProbabilityMatrix,
  set: Examples,
  options: { k?: number } = {},
): Evaluation | RegressionEvaluation {
  if (!isImageSet(set) && set.values.length === set.count && set.count > 0) return scoreRegression(outputs, set.values);
  if (!isImageSet(set) && set.labels.length !== set.count)
    throw new Error('these rows have no targets to score against');
  return scoreProbabilities(outputs, set.labels, options);
}

/** Loss and accuracy of predictions already made (say, an ensemble's) against integer labels. */
export function scoreProbabilities(
  probabilities: ProbabilityMatrix,
  labels: Labels,
  { k = 5 }: { k?: number } = {},
): Evaluation {
  return {
    loss: logLoss(probabilities, labels),
    accuracy: accuracy(probabilities, labels),
    ...(probabilities.classes > k ? { topKAccuracy: topKAccuracy(probabilities, labels, k) } : {}),
  };
}

/** Mean squared and mean absolute error of one column of predictions against `targets`. */
export function scoreRegression(predictions: ProbabilityMatrix, targets: ArrayLike<number>): RegressionEvaluation {
  let squared = 0;
  let absolute = 0;
  for (let i = 0; i < targets.length; i++) {
    const error = predictions.data[i * predictions.classes]! - targets[i]!;
    squared += error * error;
    absolute += Math.abs(error);
  }
  return { loss: squared / targets.length, mae: absolute / targets.length };
}

/** Whether scores are a regressor's. */
export function isRegressionEvaluation(scores: Evaluation | RegressionEvaluation): scores is RegressionEvaluation {
  return 'mae' in scores;
}
