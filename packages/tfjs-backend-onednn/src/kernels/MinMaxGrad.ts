import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * Not a tfjs kernel: the gradient of Max or Min, dy * (x == y), where y (the extrema) and dy have
 * x's rank with 1 on each reduced axis.
 */
export const MinMaxGrad = 'OneDnnMinMaxGrad';

export const minMaxGradConfig = nativeKernel<Pick<NamedTensorInfoMap, 'x' | 'y' | 'dy'>>(
  MinMaxGrad,
  ({ inputs, backend }) => {
    const { x, y, dy } = inputs;
    const xValues = x === undefined ? null : backend.float32Values(x);
    const yValues = y === undefined ? null : backend.float32Values(y);
    const dyValues = dy === undefined ? null : backend.float32Values(dy);
    if (x === undefined || y === undefined || xValues === null || yValues === null || dyValues === null)
      throw new Error(`${MinMaxGrad} takes float32 x, y and dy`);
    const dx = backend.allocateOutput(xValues.length);
    nativeAddon().minMaxGrad(xValues, [...x.shape], yValues, dyValues, [...y.shape], dx);
    return backend.float32Tensor([...x.shape], dx);
  },
);
