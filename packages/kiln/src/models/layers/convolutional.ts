// Keras' Conv2D and SeparableConv2D, as tfjs-layers has them, whose training step runs the
// convolution, its bias and its ReLU as one op where the backend has it (onednn's conv2dWithBias):
// tfjs-layers runs them as three kernels in training, each a pass over the activations. Same
// weights, config, class names and results (the tests compare them with tfjs-layers' on both
// backends), so saved models stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type {
  Conv2D as TfjsConv2D, ConvLayerArgs, SeparableConv2D as TfjsSeparableConv2D, SeparableConvLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { conv2dWithBias, hasConv2dWithBias } from 'tfjs-backend-onednn';

// tfjs-layers exports the layers' factories, not their classes.
const TfjsConv2DClass = tfl.layers.conv2d({ filters: 1, kernelSize: 1 }).constructor as typeof TfjsConv2D;
const TfjsSeparableConv2DClass = tfl.layers.separableConv2d({ filters: 1, kernelSize: 1 }).constructor as typeof TfjsSeparableConv2D;

interface FusibleConfig {
  activation: string;
  useBias: boolean;
  dataFormat: string;
  dilationRate: number | number[];
  strides: number | number[];
  padding: string;
}

/** The options of conv2dWithBias for a layer's config, or null when it cannot run as one. */
function fusedOptions(config: FusibleConfig, kwargs: Kwargs, input: tf.Tensor | undefined):
  { strides: [number, number]; pad: 'valid' | 'same'; activation: 'relu' | 'linear' } | null {
  const pair = (v: number | number[]): number[] => (Array.isArray(v) ? v : [v, v]);
  const { activation, useBias, dataFormat, dilationRate, strides, padding } = config;
  if (kwargs['training'] !== true || input === undefined || input.dtype !== 'float32' || input.rank !== 4 || !hasConv2dWithBias()) return null;
  if ((activation !== 'relu' && activation !== 'linear') || !useBias || dataFormat !== 'channelsLast') return null;
  if (pair(dilationRate).some((d) => d !== 1) || (padding !== 'valid' && padding !== 'same')) return null;
  return { strides: pair(strides) as [number, number], pad: padding, activation };
}

export class Conv2D extends TfjsConv2DClass {
  static override className = 'Conv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const options = fusedOptions(this.getConfig() as unknown as FusibleConfig, kwargs, input);
    if (options === null) return super.call(inputs, kwargs);
    return tf.tidy(() => conv2dWithBias(input!, this.kernel.read(), this.bias.read(), options));
  }
}
tf.serialization.registerClass(Conv2D);

export class SeparableConv2D extends TfjsSeparableConv2DClass {
  static override className = 'SeparableConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const config = this.getConfig() as unknown as FusibleConfig & { depthMultiplier: number };
    const options = fusedOptions(config, kwargs, input);
    if (options === null) return super.call(inputs, kwargs);
    // As tf.separableConv2d: the stride and padding are the depthwise step's; the pointwise one is 1x1.
    return tf.tidy(() => {
      const depthwise = tf.depthwiseConv2d(input as tf.Tensor4D, this.depthwiseKernel.read() as tf.Tensor4D, options.strides, options.pad);
      return conv2dWithBias(depthwise, this.pointwiseKernel.read(), this.bias.read(), { ...options, strides: [1, 1], pad: 'valid' });
    });
  }
}
tf.serialization.registerClass(SeparableConv2D);

export function conv2d(args: ConvLayerArgs): Conv2D {
  return new Conv2D(args);
}

export function separableConv2d(args: SeparableConvLayerArgs): SeparableConv2D {
  return new SeparableConv2D(args);
}
