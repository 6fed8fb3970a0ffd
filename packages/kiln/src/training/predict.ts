import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { imageSetToTensors, sliceImages, type ImageSet } from '../data/index.js';
import type { ProbabilityMatrix } from '../metrics/index.js';

export interface PredictOptions {
  /** Images converted to float32 and run at a time, bounding memory; default 128. */
  readonly batchSize?: number;
}

/**
 * Class probabilities for every image of `set` (scaled to [0, 1] batch by batch, so the float32
 * copy of the whole set never exists), as Keras' `model.predict(x)`.
 */
export function predict(model: tfl.LayersModel, set: ImageSet, options: PredictOptions = {}): ProbabilityMatrix {
  const batchSize = options.batchSize ?? 128;
  const classes = outputClasses(model);
  const data = new Float32Array(set.count * classes);
  for (let start = 0; start < set.count; start += batchSize) {
    const batch = sliceImages(set, start, Math.min(start + batchSize, set.count));
    const probabilities = tf.tidy(() => {
      const { x } = imageSetToTensors(batch, classes);
      return model.predict(x) as tf.Tensor;
    });
    data.set(probabilities.dataSync(), start * classes);
    probabilities.dispose();
  }
  return { data, rows: set.count, classes };
}

/** The number of classes a classifier's softmax output has. */
export function outputClasses(model: tfl.LayersModel): number {
  const shape = model.outputs[0]?.shape;
  const classes = shape?.[shape.length - 1];
  if (shape?.length !== 2 || typeof classes !== 'number') {
    throw new Error(`expected a classifier with one [batch, classes] output, got output shape [${shape?.join(', ')}]`);
  }
  return classes;
}
