// One step of SGD with momentum and decoupled weight decay of a weight as one op, for optimizers to
// use where the current backend has it (onednn), in place of seven whole-tensor kernels.
import { engine } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { SgdMomentumUpdate } from '../kernels/SgdMomentumUpdate.js';
import type { SgdMomentumUpdateAttrs } from '../kernels/SgdMomentumUpdate.js';

export type SgdMomentumUpdateOptions = SgdMomentumUpdateAttrs;

/** Whether the current backend runs sgdMomentumUpdate (only onednn does). */
export function hasSgdMomentumUpdate(): boolean {
  return backendHasKernel(SgdMomentumUpdate);
}

/**
 * Keras 3's SGD step with momentum mu = `momentumFactor`: momentum' = mu momentum - learningRate
 * gradient, then value' = decayFactor value + momentum', or with Nesterov's momentum decayFactor
 * value + mu momentum' - learningRate gradient. Returns the new tensors; the caller assigns them.
 */
export function sgdMomentumUpdate(
  value: Tensor,
  gradient: Tensor,
  momentum: Tensor,
  options: SgdMomentumUpdateOptions,
): { value: Tensor; momentum: Tensor } {
  const attrs: NamedAttrMap = { ...options };
  const [newValue, newMomentum] = engine().runKernel(
    SgdMomentumUpdate,
    { value, gradient, momentum },
    attrs,
  ) as Tensor[];
  return { value: newValue!, momentum: newMomentum! };
}
