import type * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { readTensorFile, writeTensorFile } from './tensorFile.js';

/** Saves the model's weights (trainable and not, in model.weights order) to one file, atomically. */
export async function saveWeights(model: tfl.LayersModel, path: string): Promise<void> {
  await writeTensorFile(path, { weights: model.weights.map((weight) => weight.originalName) }, model.getWeights());
}

/** Loads weights saved by saveWeights into a model of the same architecture (matched by position and shape). */
export async function loadWeights(model: tfl.LayersModel, path: string): Promise<void> {
  const { tensors } = await readTensorFile<{ weights: string[] }>(path);
  try {
    const mismatch = weightsMismatch(model, tensors);
    if (mismatch) throw new Error(`${path} does not fit this model: ${mismatch}`);
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** Why `tensors` cannot be the model's weights, or undefined when they can. */
export function weightsMismatch(model: tfl.LayersModel, tensors: readonly tf.Tensor[]): string | undefined {
  const weights = model.weights;
  if (weights.length !== tensors.length) return `${tensors.length} weights saved, the model has ${weights.length}`;
  const index = weights.findIndex((weight, i) => weight.shape.join('x') !== tensors[i]!.shape.join('x'));
  if (index < 0) return undefined;
  return `weight ${index} (${weights[index]!.originalName}) has shape [${weights[index]!.shape.join(', ')}], the saved one [${tensors[index]!.shape.join(', ')}]`;
}
