// Kernels for the gradient dy * f'(x) of an element-wise function in one pass, which this
// backend's gradients run (see ../gradients/unaryGradients.ts). Not tfjs kernels.
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

export function unaryGradKernel(kernelName: string, fn: 'relu' | 'square' | 'gelu'): KernelConfig {
  return nativeKernel<Pick<NamedTensorInfoMap, 'x' | 'dy'>>(kernelName, ({ inputs, backend }) => {
    const { x, dy } = inputs;
    const xValues = x === undefined ? null : backend.float32Values(x);
    const dyValues = dy === undefined ? null : backend.float32Values(dy);
    if (x === undefined || xValues === null || dyValues === null)
      throw new Error(`${kernelName} takes float32 x and dy`);
    const dx = backend.allocateOutput(util.sizeFromShape(x.shape));
    nativeAddon().unaryGrad(fn, xValues, dyValues, dx);
    return backend.float32Tensor([...x.shape], dx);
  });
}
