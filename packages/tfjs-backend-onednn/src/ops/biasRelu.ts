// A bias and ReLU as one differentiable op, for layers to use where the current backend has it
// (onednn): tfjs runs Add then Relu forward and ReluGrad then Sum back, four passes for two.
import { engine } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { BiasRelu } from '../kernels/BiasRelu.js';

/** Whether the current backend runs biasRelu (only onednn does). */
export function hasBiasRelu(): boolean {
  return backendHasKernel(BiasRelu);
}

/** relu(x + bias), bias 1-D with one value per channel (x's last dim). Differentiable in both. */
export function biasRelu(x: Tensor, bias: Tensor): Tensor {
  return engine().runKernel(BiasRelu, { a: x, b: bias }) as Tensor;
}
