// ReLU's gradient in one native pass: tfjs runs Step (a whole activation-sized mask) then Multiply.
import { engine, Relu } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { ReluGrad } from '../kernels/ReluGrad.js';
import { backendHasKernel, registerNativeGradient } from './nativeGradient.js';

export function registerReluGradient(): void {
  registerNativeGradient(Relu, (dy, [x]) => {
    if (x === undefined || x.dtype !== 'float32' || dy.dtype !== 'float32' || !backendHasKernel(ReluGrad)) return null;
    const dx = engine().runKernel(ReluGrad, { x, dy }) as Tensor;
    return { x: () => dx };
  });
}
