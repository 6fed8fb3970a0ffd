// BiasRelu's gradient: ReLU's and the bias' from one native pass over dy (ReluBiasGrad).
import { engine, registerGradient } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { BiasRelu } from '../kernels/BiasRelu.js';
import { ReluBiasGrad } from '../kernels/ReluBiasGrad.js';

export function registerBiasReluGradient(): void {
  registerGradient({
    kernelName: BiasRelu,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [y] = saved as [Tensor];
      const [dz, dBias] = engine().runKernel(ReluBiasGrad, { y, dy: dy as Tensor }) as [Tensor, Tensor];
      return { a: () => dz, b: () => dBias };
    },
  });
}
