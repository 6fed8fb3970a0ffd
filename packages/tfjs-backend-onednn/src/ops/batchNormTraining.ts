// Batch normalization in training as one differentiable op, for layers to use where the current
// backend has it (onednn): in place of tfjs' moments() + batchNorm(), whose forward and gradient
// run about fourteen whole-tensor kernels, two kernels in all.
import { engine } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../gradients/nativeGradient.js';
import { BatchNormTraining, type BatchNormActivation } from '../kernels/BatchNormTraining.js';

/** Whether the current backend runs batchNormTraining (only onednn does). */
export function hasBatchNormTraining(): boolean {
  return backendHasKernel(BatchNormTraining);
}

/**
 * y = activation((x - mean) / sqrt(variance + varianceEpsilon) * scale + offset) over
 * channels-last x, with the batch's per-channel mean and biased variance (as tfjs' moments() over
 * every axis but the last), returned beside y for the moving averages. Differentiable with
 * respect to x, scale and offset. A fused 'relu' or 'gelu' (exact, with erf) spares passes over the
 * activations forward and back.
 */
export function batchNormTraining(
  x: Tensor,
  scale: Tensor,
  offset: Tensor,
  varianceEpsilon: number,
  activation: BatchNormActivation = 'linear',
): { y: Tensor; mean: Tensor; variance: Tensor } {
  const attrs: NamedAttrMap = { varianceEpsilon, activation };
  const [y, mean, variance] = engine().runKernel(BatchNormTraining, { x, scale, offset }, attrs) as Tensor[];
  return { y: y!, mean: mean!, variance: variance! };
}
