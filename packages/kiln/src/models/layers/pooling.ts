// Keras' MaxPooling2D, as tfjs-layers has it, whose pooling the convolution layer before it can do
// (see fuseLayers). Same config and class name, so saved models stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type {
  MaxPooling2D as TfjsMaxPooling2D,
  Pooling2DLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/pooling.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';

import { fusedPassThrough } from './passThrough.js';

// tfjs-layers exports the layer's factory, not its class.
const TfjsMaxPooling2DClass = tfl.layers.maxPooling2d({ poolSize: 2 }).constructor as typeof TfjsMaxPooling2D;

export class MaxPooling2D extends TfjsMaxPooling2DClass {
  static override className = 'MaxPooling2D';

  /** Set when the layer before pools for this one: this layer then passes its input through. */
  fusedIntoPrevious = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedPassThrough(this.fusedIntoPrevious, inputs) ?? super.call(inputs, kwargs);
  }
}
tf.serialization.registerClass(MaxPooling2D);

export function maxPooling2d(args: Pooling2DLayerArgs): MaxPooling2D {
  return new MaxPooling2D(args);
}
