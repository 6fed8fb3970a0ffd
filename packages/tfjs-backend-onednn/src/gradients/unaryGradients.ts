// The gradients dy * f'(x) of ReLU and Square in one native pass each: tfjs computes f'(x) as a
// whole activation-sized tensor (Step; x * 2) and then multiplies. Square runs in tf.moments, so
// twice per BatchNormalization layer in training.
import { engine, Relu, Square } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { ReluGrad } from '../kernels/ReluGrad.js';
import { SquareGrad } from '../kernels/SquareGrad.js';
import { backendHasKernel, registerNativeGradient } from './nativeGradient.js';

function registerUnaryGradient(kernelName: string, gradKernelName: string): void {
  registerNativeGradient(kernelName, (dy, [x]) => {
    if (x === undefined || x.dtype !== 'float32' || dy.dtype !== 'float32' || !backendHasKernel(gradKernelName))
      return null;
    const dx = engine().runKernel(gradKernelName, { x, dy }) as Tensor;
    return { x: () => dx };
  });
}

export function registerUnaryGradients(): void {
  registerUnaryGradient(Relu, ReluGrad);
  registerUnaryGradient(Square, SquareGrad);
}
