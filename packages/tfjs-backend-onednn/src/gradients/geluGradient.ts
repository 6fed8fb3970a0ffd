// Gelu's gradient, from one native pass over x and dy (GeluGrad).
import { engine, registerGradient } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { Gelu } from '../kernels/Gelu.js';
import { GeluGrad } from '../kernels/GeluGrad.js';

export function registerGeluGradient(): void {
  registerGradient({
    kernelName: Gelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [Tensor];
      return { x: () => engine().runKernel(GeluGrad, { x, dy: dy as Tensor }) as Tensor };
    },
  });
}
