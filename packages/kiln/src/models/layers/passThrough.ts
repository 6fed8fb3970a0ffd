import * as tf from '@tensorflow/tfjs-core';

/**
 * What a layer whose work the layer before it did (see fuseLayers) returns: its input, as a new
 * tensor on the same data (the model may dispose the previous layer's output on its own); null
 * when it is not fused, or has no input, and computes as usual.
 */
export function fusedPassThrough(fusedIntoPrevious: boolean, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | null {
  const input = Array.isArray(inputs) ? inputs[0] : inputs;
  return fusedIntoPrevious && input !== undefined ? tf.clone(input) : null;
}
