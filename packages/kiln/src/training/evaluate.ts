import type * as tfl from '@tensorflow/tfjs-layers';
import { isImageSet, type Examples, type ImageSet } from '../data/index.js';
import { evaluateProbabilities, topKAccuracy, type Evaluation, type ProbabilityMatrix } from '../metrics/index.js';
import { predict, type PredictOptions } from './predict.js';

/** A classifier's scores, with top-k accuracy when there are more than `k` classes. */
export type ClassifierEvaluation = Evaluation & { readonly topKAccuracy?: number };

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

/**
 * Keras' `model.evaluate(x, y)`: a classifier's loss and accuracy (and calibration error) on
 * `set`, or a regressor's mean squared and absolute errors.
 */
export function evaluate(model: tfl.LayersModel, set: ImageSet, options?: EvaluateOptions): ClassifierEvaluation;
export function evaluate(
  model: tfl.LayersModel,
  set: Examples,
  options?: EvaluateOptions,
): ClassifierEvaluation | RegressionEvaluation;
export function evaluate(
  model: tfl.LayersModel,
  set: Examples,
  options: EvaluateOptions = {},
): ClassifierEvaluation | RegressionEvaluation {
  return scoreOutputs(predict(model, set, options), set, options);
}

/** Scores predictions already made (say, an ensemble's) against the targets of `set`. */
export function scoreOutputs(
  outputs: ProbabilityMatrix,
  set: Examples,
  { k = 5 }: { k?: number } = {},
): ClassifierEvaluation | RegressionEvaluation {
  if (!isImageSet(set) && set.values.length === set.count && set.count > 0) return scoreRegression(outputs, set.values);
  if (set.labels.length !== set.count) throw new Error('these examples have no targets to score against');
  return {
    ...evaluateProbabilities(outputs, set.labels),
    ...(outputs.classes > k ? { topKAccuracy: topKAccuracy(outputs, set.labels, k) } : {}),
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
export function isRegressionEvaluation(
  scores: ClassifierEvaluation | RegressionEvaluation,
): scores is RegressionEvaluation {
  return 'mae' in scores;
}
