// One RMSprop step of a weight as one op, for optimizers to use where the current backend has it
// (onednn), in place of nine whole-tensor kernels.
import { engine } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { RmspropUpdate } from '../kernels/RmspropUpdate.js';

/** Whether the current backend runs rmspropUpdate (only onednn does). */
export function hasRmspropUpdate(): boolean {
  return backendHasKernel(RmspropUpdate);
}

/**
 * Keras 2's RMSprop step: meanSquare' = rho meanSquare + (1 - rho) gradient², value' = value -
 * learningRate gradient / (sqrt(meanSquare') + epsilon). Returns the new tensors; the caller assigns them.
 */
export function rmspropUpdate(
  value: Tensor,
  gradient: Tensor,
  meanSquare: Tensor,
  learningRate: number,
  rho: number,
  epsilon: number,
): { value: Tensor; meanSquare: Tensor } {
  const attrs: NamedAttrMap = { learningRate, rho, epsilon };
  const [newValue, newMeanSquare] = engine().runKernel(
    RmspropUpdate,
    { value, gradient, meanSquare },
    attrs,
  ) as Tensor[];
  return { value: newValue!, meanSquare: newMeanSquare! };
}
