// A 2-D convolution with its bias and ReLU (or none) as one differentiable op, for layers to use
// where the current backend has it (onednn, which registers its gradient). tfjs-layers' Conv2D and SeparableConv2D run them as three kernels in training (tfjs fuses only
// an activation-less conv there), each a pass over the activations; onednn fuses bias and ReLU
// into the convolution (oneDNN post-ops).
import { engine, FusedConv2D } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { ReluBiasGrad } from '../kernels/ReluBiasGrad.js';

export interface Conv2dWithBiasOptions {
  strides: [number, number];
  pad: 'valid' | 'same';
  activation: 'relu' | 'linear';
}

/** Whether the current backend runs conv2dWithBias (only onednn does). */
export function hasConv2dWithBias(): boolean {
  return backendHasKernel(ReluBiasGrad);
}

/** activation(conv2d(x, filter) + bias) over NHWC x and an HWIO filter, without dilation. */
export function conv2dWithBias(x: Tensor, filter: Tensor, bias: Tensor, options: Conv2dWithBiasOptions): Tensor {
  const attrs: NamedAttrMap = {
    strides: options.strides,
    pad: options.pad,
    dataFormat: 'NHWC',
    dilations: [1, 1],
    activation: options.activation,
  };
  return engine().runKernel(FusedConv2D, { x, filter, bias }, attrs) as Tensor;
}
