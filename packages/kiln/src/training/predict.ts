import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { examplesToTensors, isImageSet, sliceExamples, type Examples } from '../data/index.js';
import type { ProbabilityMatrix } from '../metrics/index.js';
import { predictViews, type TestTimeAugmentation } from './testTimeAugmentation.js';

export interface PredictOptions {
  /** Examples converted to float32 and run at a time, bounding memory; default 128. */
  readonly batchSize?: number;
  /** Average the probabilities over flipped and translated views of each image (default: none). */
  readonly testTimeAugmentation?: TestTimeAugmentation;
}

/**
 * A classifier's class probabilities for every example of `set` (images scaled to [0, 1] batch by
 * batch, so the float32 copy of a whole image set never exists), as Keras' `model.predict(x)`.
 * For a regressor, one column of predictions in the targets' units (`set.targetScale` undone).
 */
export function predict(model: tfl.LayersModel, set: Examples, options: PredictOptions = {}): ProbabilityMatrix {
  const batchSize = options.batchSize ?? 128;
  const classes = outputClasses(model);
  if (options.testTimeAugmentation !== undefined && !isImageSet(set))
    throw new Error('predict: testTimeAugmentation flips and shifts images; it cannot apply to table rows.');
  const data = new Float32Array(set.count * classes);
  for (let start = 0; start < set.count; start += batchSize) {
    const batch = sliceExamples(set, start, Math.min(start + batchSize, set.count));
    const outputs = tf.tidy(() => {
      const { x, y } = examplesToTensors(batch, classes);
      y?.dispose();
      const tta = options.testTimeAugmentation;
      return tta === undefined ? (model.predict(x) as tf.Tensor) : predictViews(model, x as tf.Tensor4D, tta);
    });
    data.set(outputs.dataSync(), start * classes);
    outputs.dispose();
  }
  const scale = isImageSet(set) ? undefined : set.targetScale;
  if (scale) for (let i = 0; i < data.length; i++) data[i] = data[i]! * scale.std + scale.mean;
  return { data, rows: set.count, classes };
}

/** The number of classes a classifier's softmax output has (1 for a regressor's one output). */
export function outputClasses(model: tfl.LayersModel): number {
  const shape = model.outputs[0]?.shape;
  const classes = shape?.[shape.length - 1];
  if (shape?.length !== 2 || typeof classes !== 'number') {
    throw new Error(`expected a model with one [batch, outputs] output, got output shape [${shape?.join(', ')}]`);
  }
  return classes;
}
