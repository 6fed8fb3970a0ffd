// Dropout as one differentiable op, for layers to use where the current backend has it (onednn):
// tfjs' dropout() draws its mask in JS and applies it with four whole-tensor kernels.
import { engine } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { Dropout } from '../kernels/Dropout.js';

/** Whether the current backend runs dropout as one op (only onednn does). */
export function hasDropout(): boolean {
  return backendHasKernel(Dropout);
}

/**
 * x with each element zeroed with probability `rate` and the rest scaled by 1 / (1 - rate), as
 * tfjs' dropout(); the mask is a function of `seed` (an unsigned 32-bit integer) and the element's
 * index only. Differentiable with respect to x.
 */
export function dropout(x: Tensor, rate: number, seed: number): Tensor {
  const attrs: NamedAttrMap = { rate, seed };
  const [y] = engine().runKernel(Dropout, { x }, attrs) as Tensor[];
  return y!;
}
