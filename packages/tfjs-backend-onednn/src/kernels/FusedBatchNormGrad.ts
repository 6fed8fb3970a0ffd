import { util } from '@tensorflow/tfjs-core';
import type { FusedBatchNormAttrs, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/** Not a tfjs kernel: the one-pass FusedBatchNorm gradient that this backend's gradient runs. */
export const FusedBatchNormGrad = 'OneDnnFusedBatchNormGrad';

export type FusedBatchNormGradInputs = Pick<NamedTensorInfoMap, 'x' | 'dy' | 'mean' | 'variance' | 'scale'>;

/** [dx, dMean, dVariance, dScale, dOffset], each statistic's gradient shaped like `mean`. */
export const fusedBatchNormGradConfig = nativeKernel<FusedBatchNormGradInputs, FusedBatchNormAttrs>(
  FusedBatchNormGrad,
  ({ inputs, backend, attrs }) => {
    const { x, dy, mean, variance, scale } = inputs;
    if (x === undefined || dy === undefined || mean === undefined || variance === undefined) {
      throw new Error(`${FusedBatchNormGrad} needs x, dy, mean and variance`);
    }
    const values = [x, dy, mean, variance, scale].map((t) => (t === undefined ? null : backend.float32Values(t)));
    const [xValues, dyValues, meanValues, varianceValues, scaleValues] = values;
    if (
      xValues == null ||
      dyValues == null ||
      meanValues == null ||
      varianceValues == null ||
      (scale !== undefined && scaleValues == null)
    ) {
      throw new Error(`${FusedBatchNormGrad} takes float32 tensors only`);
    }
    const channels = meanValues.length;
    const [dx, dMean, dVariance, dScale, dOffset] = [
      util.sizeFromShape(x.shape),
      channels,
      channels,
      channels,
      channels,
    ].map((n) => backend.allocateOutput(n));
    nativeAddon().batchNormGrad(
      xValues,
      meanValues,
      varianceValues,
      scaleValues ?? null,
      attrs.varianceEpsilon,
      dyValues,
      dx!,
      dMean!,
      dVariance!,
      dScale!,
      dOffset!,
    );
    const outputs: TensorInfo[] = [backend.float32Tensor([...x.shape], dx!)];
    for (const d of [dMean, dVariance, dScale, dOffset]) outputs.push(backend.float32Tensor([...mean.shape], d!));
    return outputs;
  },
);
