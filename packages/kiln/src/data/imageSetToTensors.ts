import * as tf from '@tensorflow/tfjs-core';
import { scaleImages } from './scaleImages.js';
import { toCategorical } from './toCategorical.js';
import type { ImageSet } from './types.js';

/** Model-ready tensors for an ImageSet. The caller owns them (dispose when done). */
export interface ImageTensors {
  /** `[count, height, width, channels]` float32 in [0, 1]. */
  readonly x: tf.Tensor4D;
  /** `[count, numClasses]` one-hot float32. */
  readonly y: tf.Tensor2D;
}

/** `x = images / 255` and `y = toCategorical(labels, numClasses)`, the chapter's preprocessing. */
export function imageSetToTensors(set: ImageSet, numClasses: number): ImageTensors {
  return {
    x: tf.tensor4d(scaleImages(set.images), [set.count, set.height, set.width, set.channels], 'float32'),
    y: tf.tensor2d(toCategorical(set.labels, numClasses), [set.count, numClasses], 'float32'),
  };
}
