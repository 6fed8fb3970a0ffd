// FusedBatchNorm's gradient in one native pass on backends that have the kernel for it. tfjs'
// own gradient composes about ten whole-tensor kernels (Sub, Multiply, Tile, Sum, ...), each
// allocating and filling an activation-sized tensor; that made BatchNormalization dominate the
// training step of the chapter's BN models. Gradients are registered per kernel for every
// backend, so this one hands anything else (another backend, other shapes) to tfjs' gradient.
import { engine, FusedBatchNorm, getGradient, getKernel, registerGradient } from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';

import { FusedBatchNormGrad } from '../kernels/FusedBatchNormGrad.js';

/** Per-channel float32 statistics over the last dim of x: the case the native pass handles. */
function runsNatively(dy: Tensor, x: Tensor, mean: Tensor, variance: Tensor, scale: Tensor | undefined): boolean {
  const channels = x.shape.at(-1);
  const perChannel = (t: Tensor): boolean => t.rank === 1 && t.size === channels && t.dtype === 'float32';
  return (
    getKernel(FusedBatchNormGrad, engine().backendName) !== undefined &&
    x.dtype === 'float32' && dy.dtype === 'float32' && x.rank > 0 &&
    perChannel(mean) && perChannel(variance) && (scale === undefined || perChannel(scale))
  );
}

let ours: GradConfig | undefined;

/**
 * Replaces tfjs' FusedBatchNorm gradient (which must be registered already, as tfjs-layers
 * does on import) with one that runs the native pass where it can and tfjs' gradient elsewhere.
 */
export function registerFusedBatchNormGradient(): void {
  const stock = getGradient(FusedBatchNorm);
  if (stock === undefined || stock === ours || stock.gradFunc === undefined) return;
  const stockGradient = stock.gradFunc;
  ours = {
    kernelName: FusedBatchNorm,
    inputsToSave: stock.inputsToSave,
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x, mean, variance, scale] = saved;
      if (Array.isArray(dy) || x === undefined || mean === undefined || variance === undefined || !runsNatively(dy, x, mean, variance, scale)) {
        return stockGradient(dy, saved, attrs);
      }
      const inputs: NamedTensorMap = scale === undefined ? { x, dy, mean, variance } : { x, dy, mean, variance, scale };
      const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(FusedBatchNormGrad, inputs, attrs) as Tensor[];
      return { x: () => dx!, mean: () => dMean!, variance: () => dVariance!, scale: () => dScale!, offset: () => dOffset! };
    },
  };
  registerGradient(ours);
}
