import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * Not a tfjs kernel: the gradient of y = relu(w + bias), bias per channel (the last dim), in one
 * pass over dy: dz = dy * step(y), as ReluGrad, and dBias = dz summed per channel, where tfjs runs
 * ReluGrad then Sum. Inputs y (relu's output) and dy; outputs [dz, dBias].
 */
export const ReluBiasGrad = 'OneDnnReluBiasGrad';

export const reluBiasGradConfig = nativeKernel<Pick<NamedTensorInfoMap, 'y' | 'dy'>>(
  ReluBiasGrad,
  ({ inputs, backend }) => {
    const { y, dy } = inputs;
    const yValues = y === undefined ? null : backend.float32Values(y);
    const dyValues = dy === undefined ? null : backend.float32Values(dy);
    if (y === undefined || yValues === null || dyValues === null)
      throw new Error(`${ReluBiasGrad} takes float32 y and dy`);
    const channels = y.shape.at(-1) ?? 1;
    const dz = backend.allocateOutput(util.sizeFromShape(y.shape));
    const dBias = backend.allocateOutput(channels);
    nativeAddon().reluBiasGrad(yValues, dyValues, dz, dBias);
    return [backend.float32Tensor([...y.shape], dz), backend.float32Tensor([channels], dBias)];
  },
);
