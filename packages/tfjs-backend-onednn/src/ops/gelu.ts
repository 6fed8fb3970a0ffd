// GELU as one differentiable op, for layers to use where the current backend has it (onednn).
import { engine } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { Gelu } from '../kernels/Gelu.js';

/** Whether the current backend runs gelu as one op (only onednn does). */
export function hasGelu(): boolean {
  return backendHasKernel(Gelu);
}

/** GELU(x) = x Φ(x), Φ the standard normal cdf (exact, as Keras' 'gelu'). Differentiable. */
export function gelu(x: Tensor): Tensor {
  return engine().runKernel(Gelu, { x }) as Tensor;
}
