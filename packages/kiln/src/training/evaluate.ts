import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageSet } from '../data/index.js';
import { evaluateProbabilities, type Evaluation } from '../metrics/index.js';
import { predict, type PredictOptions } from './predict.js';

/** Keras' `model.evaluate(x, y)`: test loss and accuracy (and calibration error) of `model` on `set`. */
export function evaluate(model: tfl.LayersModel, set: ImageSet, options: PredictOptions = {}): Evaluation {
  return evaluateProbabilities(predict(model, set, options), set.labels);
}
