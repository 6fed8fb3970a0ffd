import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageSet } from '../data/index.js';
import { accuracy, logLoss, type Labels, type ProbabilityMatrix } from '../metrics/index.js';
import { predict, type PredictOptions } from './predict.js';

export interface Evaluation {
  /** Categorical crossentropy, probabilities clipped to [1e-7, 1 - 1e-7] as Keras does. */
  readonly loss: number;
  /** Fraction of images whose most probable class is their label. */
  readonly accuracy: number;
}

/** Keras' `model.evaluate(x, y)`: test loss and accuracy of `model` on `set`. */
export function evaluate(model: tfl.LayersModel, set: ImageSet, options: PredictOptions = {}): Evaluation {
  return scoreProbabilities(predict(model, set, options), set.labels);
}

/** Loss and accuracy of predictions already made (say, an ensemble's) against integer labels. */
export function scoreProbabilities(probabilities: ProbabilityMatrix, labels: Labels): Evaluation {
  return { loss: logLoss(probabilities, labels), accuracy: accuracy(probabilities, labels) };
}
