import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { BatchNormTraining, batchNormValues, type BatchNormTrainingAttrs } from './BatchNormTraining.js';
import { nativeKernel } from './nativeKernel.js';

/** Not a tfjs kernel: the gradient of BatchNormTraining, in two passes over x and dy. */
export const BatchNormTrainingGrad = 'OneDnnBatchNormTrainingGrad';

/** x, scale, offset, the forward's mean and variance, and the gradients of its three outputs. */
export type BatchNormTrainingGradInputs = Pick<
  NamedTensorInfoMap,
  'x' | 'scale' | 'offset' | 'mean' | 'variance' | 'dy' | 'dMean' | 'dVariance'
>;

/** [dx, dScale, dOffset]. */
export const batchNormTrainingGradConfig = nativeKernel<BatchNormTrainingGradInputs, BatchNormTrainingAttrs>(
  BatchNormTrainingGrad,
  ({ inputs, backend, attrs }) => {
    const { x, mean } = inputs;
    if (x === undefined || mean === undefined)
      throw new Error(`${BatchNormTrainingGrad} needs the x and mean of ${BatchNormTraining}`);
    const values = batchNormValues(backend, BatchNormTrainingGrad, inputs);
    const channels = mean.shape[0]!;
    const dx = backend.allocateOutput(util.sizeFromShape(x.shape));
    const [dScale, dOffset] = [backend.allocateOutput(channels), backend.allocateOutput(channels)];
    nativeAddon().batchNormTrainingGrad(
      values.x!,
      values.mean!,
      values.variance!,
      values.scale!,
      attrs.varianceEpsilon,
      values.dy!,
      values.dMean!,
      values.dVariance!,
      dx,
      dScale,
      dOffset,
      values.offset!,
      attrs.activation,
    );
    return [
      backend.float32Tensor([...x.shape], dx),
      backend.float32Tensor([channels], dScale),
      backend.float32Tensor([channels], dOffset),
    ];
  },
);
