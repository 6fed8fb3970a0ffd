// FusedBatchNorm's gradient in one native pass where tfjs composes about ten activation-sized
// kernels (Sub, Multiply, Tile, Sum, ...), which made BatchNormalization dominate the training step
// of the chapter's BN models.
import { engine, FusedBatchNorm } from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';

import { FusedBatchNormGrad } from '../kernels/FusedBatchNormGrad.js';
import { backendHasKernel, registerNativeGradient } from './nativeGradient.js';

export function registerFusedBatchNormGradient(): void {
  registerNativeGradient(FusedBatchNorm, (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved;
    if (x === undefined || mean === undefined || variance === undefined) return null;
    // The native pass takes float32 statistics with one value per channel (x's last dim).
    const perChannel = (t: Tensor): boolean => t.rank === 1 && t.size === x.shape.at(-1) && t.dtype === 'float32';
    const native =
      backendHasKernel(FusedBatchNormGrad) &&
      x.dtype === 'float32' &&
      dy.dtype === 'float32' &&
      x.rank > 0 &&
      perChannel(mean) &&
      perChannel(variance) &&
      (scale === undefined || perChannel(scale));
    if (!native) return null;
    const inputs: NamedTensorMap = scale === undefined ? { x, dy, mean, variance } : { x, dy, mean, variance, scale };
    const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(FusedBatchNormGrad, inputs, attrs) as Tensor[];
    return {
      x: () => dx!,
      mean: () => dMean!,
      variance: () => dVariance!,
      scale: () => dScale!,
      offset: () => dOffset!,
    };
  });
}
