// Keras' Conv2D and SeparableConv2D, as tfjs-layers has them, whose training step runs the
// convolution, its bias and its ReLU as one op where the backend has it (onednn's conv2dWithBias):
// tfjs-layers runs them as three kernels in training, each a pass over the activations. They can
// also do the max pooling of the layer after them (see fuseLayers). Same weights, config, class
// names and results (the tests compare them with tfjs-layers' on both backends), so saved models
// stay Keras'.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type {
  Conv2D as TfjsConv2D,
  ConvLayerArgs,
  SeparableConv2D as TfjsSeparableConv2D,
  SeparableConvLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { biasRelu, conv2dWithBias, hasBiasRelu, hasConv2dWithBias } from 'tfjs-backend-onednn';

// tfjs-layers exports the layers' factories, not their classes.
const TfjsConv2DClass = tfl.layers.conv2d({ filters: 1, kernelSize: 1 }).constructor as typeof TfjsConv2D;
const TfjsSeparableConv2DClass = tfl.layers.separableConv2d({ filters: 1, kernelSize: 1 })
  .constructor as typeof TfjsSeparableConv2D;

/** A layer's per-dimension setting (strides, dilation, pool size), given as one number or two. */
export function pair(v: number | number[]): [number, number] {
  return Array.isArray(v) ? [v[0]!, v[1] ?? v[0]!] : [v, v];
}

export interface FusibleConfig {
  activation: string;
  useBias: boolean;
  dataFormat: string;
  dilationRate: number | number[];
  strides: number | number[];
  padding: string;
}

/** The pooling of a MaxPooling2D layer that a convolution layer does (see fuseLayers). */
export interface FusedMaxPooling {
  poolSize: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}

interface ConvolutionOptions {
  strides: [number, number];
  pad: 'valid' | 'same';
  activation: 'relu' | 'linear';
}

/**
 * The options of conv2dWithBias a layer's config amounts to, or null when it is not such a
 * convolution: another activation, no bias, channels first, dilated or explicitly padded.
 */
function convolutionOptions(config: FusibleConfig): ConvolutionOptions | null {
  const { activation, useBias, dataFormat, dilationRate, strides, padding } = config;
  if ((activation !== 'relu' && activation !== 'linear') || !useBias || dataFormat !== 'channelsLast') return null;
  if (pair(dilationRate).some((d) => d !== 1) || (padding !== 'valid' && padding !== 'same')) return null;
  return { strides: pair(strides), pad: padding, activation };
}

/** Whether a layer's config lets it take on the max pooling after it: such a convolution, with ReLU. */
export function canFuseMaxPooling(config: FusibleConfig): boolean {
  return convolutionOptions(config)?.activation === 'relu';
}

/**
 * maxPool(relu(z + bias)) computed as relu(maxPool(z) + bias): equal, as adding a channel's bias
 * and ReLU never reorder a channel's values (rounding included), and the bias and ReLU then run,
 * forward and back, on the pooled quarter of the elements, where the gradient of the unfused
 * layers made a pass over all of them (the ReLU's) after MaxPool's. Bias and ReLU are one op
 * where the backend has it.
 */
function pooledBiasRelu(z: tf.Tensor, bias: tf.Tensor, pooling: FusedMaxPooling): tf.Tensor {
  const pooled = tf.maxPool(z as tf.Tensor4D, pooling.poolSize, pooling.strides, pooling.padding);
  return hasBiasRelu() ? biasRelu(pooled, bias) : tf.relu(tf.add(pooled, bias));
}

/** The options of conv2dWithBias for this call, or null when it cannot run as one. */
function fusedOptions(config: FusibleConfig, kwargs: Kwargs, input: tf.Tensor | undefined): ConvolutionOptions | null {
  if (
    kwargs['training'] !== true ||
    input === undefined ||
    input.dtype !== 'float32' ||
    input.rank !== 4 ||
    !hasConv2dWithBias()
  )
    return null;
  return convolutionOptions(config);
}

/** How one layer convolves, for {@link fusibleCall}. */
interface FusibleSteps {
  /** The convolution alone (no bias, no activation), as the layer's config sets it. */
  readonly convolve: (input: tf.Tensor4D) => tf.Tensor;
  /** The convolution, its bias and its activation as conv2dWithBias runs them. */
  readonly convolveWithBias: (input: tf.Tensor4D, options: ConvolutionOptions) => tf.Tensor;
  readonly bias: () => tf.Tensor;
  /** What the layer does before a call it runs itself (tfjs-layers' invokeCallHook). */
  readonly invokeCallHook: () => void;
  /** tfjs-layers' own call, for whatever cannot run fused. */
  readonly callUnfused: () => tf.Tensor | tf.Tensor[];
}

/**
 * A fusible layer's call: with the max pooling of the layer after it, relu(maxPool(convolution) +
 * bias); else, in training where the backend has conv2dWithBias, that one op; else tfjs-layers'.
 */
function fusibleCall(
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Kwargs,
  config: FusibleConfig,
  pooling: FusedMaxPooling | null,
  steps: FusibleSteps,
): tf.Tensor | tf.Tensor[] {
  const input = Array.isArray(inputs) ? inputs[0] : inputs;
  if (pooling !== null && input !== undefined) {
    steps.invokeCallHook();
    return tf.tidy(() => pooledBiasRelu(steps.convolve(input as tf.Tensor4D), steps.bias(), pooling));
  }
  const options = fusedOptions(config, kwargs, input);
  if (options === null) return steps.callUnfused();
  return tf.tidy(() => steps.convolveWithBias(input as tf.Tensor4D, options));
}

export class Conv2D extends TfjsConv2DClass {
  static override className = 'Conv2D';

  /** The pooling of the MaxPooling2D layer after this one, when this layer does it (see fuseLayers). */
  fusedMaxPooling: FusedMaxPooling | null = null;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const config = this.getConfig() as unknown as FusibleConfig;
    return fusibleCall(inputs, kwargs, config, this.fusedMaxPooling, {
      convolve: (input) =>
        tf.conv2d(input, this.kernel.read() as tf.Tensor4D, pair(config.strides), config.padding as 'valid' | 'same'),
      convolveWithBias: (input, options) => conv2dWithBias(input, this.kernel.read(), this.bias.read(), options),
      bias: () => this.bias.read(),
      invokeCallHook: () => this.invokeCallHook(inputs, kwargs),
      callUnfused: () => super.call(inputs, kwargs),
    });
  }
}
tf.serialization.registerClass(Conv2D);

export class SeparableConv2D extends TfjsSeparableConv2DClass {
  static override className = 'SeparableConv2D';

  /** The pooling of the MaxPooling2D layer after this one, when this layer does it (see fuseLayers). */
  fusedMaxPooling: FusedMaxPooling | null = null;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const config = this.getConfig() as unknown as FusibleConfig & { depthMultiplier: number };
    return fusibleCall(inputs, kwargs, config, this.fusedMaxPooling, {
      convolve: (input) =>
        tf.separableConv2d(
          input,
          this.depthwiseKernel.read() as tf.Tensor4D,
          this.pointwiseKernel.read() as tf.Tensor4D,
          pair(config.strides),
          config.padding as 'valid' | 'same',
        ),
      // As tf.separableConv2d: the stride and padding are the depthwise step's; the pointwise one is 1x1.
      convolveWithBias: (input, options) => {
        const depthwise = tf.depthwiseConv2d(
          input,
          this.depthwiseKernel.read() as tf.Tensor4D,
          options.strides,
          options.pad,
        );
        return conv2dWithBias(depthwise, this.pointwiseKernel.read(), this.bias.read(), {
          ...options,
          strides: [1, 1],
          pad: 'valid',
        });
      },
      bias: () => this.bias.read(),
      invokeCallHook: () => this.invokeCallHook(inputs, kwargs),
      callUnfused: () => super.call(inputs, kwargs),
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
