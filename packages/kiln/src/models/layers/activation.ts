// Keras' Activation, as tfjs-layers has it, which can hand its ReLU to the BatchNormalization
// layer before it (see fuseLayers). Same config and class name, so saved models stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation as TfjsActivation, ActivationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/core.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';

import { fusedPassThrough } from './passThrough.js';

// tfjs-layers exports the layer's factory, not its class.
const TfjsActivationClass = tfl.layers.activation({ activation: 'linear' }).constructor as typeof TfjsActivation;

export class Activation extends TfjsActivationClass {
  static override className = 'Activation';

  /** Set when the layer before applies this activation itself: this layer then passes its input through. */
  fusedIntoPrevious = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedPassThrough(this.fusedIntoPrevious, inputs) ?? super.call(inputs, kwargs);
  }
}
tf.serialization.registerClass(Activation);

export function activation(args: ActivationLayerArgs): Activation {
  return new Activation(args);
}
