import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/** Not a tfjs kernel: ReLU's gradient dy * step(x) in one pass, which this backend's gradient runs. */
export const ReluGrad = 'OneDnnReluGrad';

export const reluGradConfig = nativeKernel<Pick<NamedTensorInfoMap, 'x' | 'dy'>>(ReluGrad, ({ inputs, backend }) => {
  const { x, dy } = inputs;
  const xValues = x === undefined ? null : backend.float32Values(x);
  const dyValues = dy === undefined ? null : backend.float32Values(dy);
  if (x === undefined || xValues === null || dyValues === null) throw new Error(`${ReluGrad} takes float32 x and dy`);
  const dx = backend.allocateOutput(util.sizeFromShape(x.shape));
  nativeAddon().reluGrad(xValues, dyValues, dx);
  return backend.float32Tensor([...x.shape], dx);
});
