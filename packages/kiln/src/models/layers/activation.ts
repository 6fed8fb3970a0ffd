// Keras' Activation, as tfjs-layers has it, which can hand its ReLU to the BatchNormalization
// layer before it (see fuseLayers), and runs 'gelu' as one native op where the backend has it
// (tfjs-layers' runs five kernels, Erf in JS). Same config and class name, so saved models stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation as TfjsActivation, ActivationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/core.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { gelu, hasGelu } from 'tfjs-backend-onednn';

import { fusedPassThrough } from './passThrough.js';

// tfjs-layers exports the layer's factory, not its class.
const TfjsActivationClass = tfl.layers.activation({ activation: 'linear' }).constructor as typeof TfjsActivation;

export class Activation extends TfjsActivationClass {
  static override className = 'Activation';

  /** Set when the layer before applies this activation itself: this layer then passes its input through. */
  fusedIntoPrevious = false;
  private readonly isGelu: boolean;

  constructor(args: ActivationLayerArgs) {
    super(args);
    this.isGelu = args.activation === 'gelu';
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const passed = fusedPassThrough(this.fusedIntoPrevious, inputs);
    if (passed !== null) return passed;
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (this.isGelu && input?.dtype === 'float32' && hasGelu()) {
      this.invokeCallHook(inputs, kwargs);
      return gelu(input);
    }
    return super.call(inputs, kwargs);
  }
}
tf.serialization.registerClass(Activation);

export function activation(args: ActivationLayerArgs): Activation {
  return new Activation(args);
}
