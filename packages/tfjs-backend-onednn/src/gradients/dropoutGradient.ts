// Dropout's gradient: dy times the multiplier its forward pass returned (the multiplier does not
// depend on x, so its own gradient contributes nothing).
import { mul, registerGradient } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { Dropout } from '../kernels/Dropout.js';

export function registerDropoutGradient(): void {
  registerGradient({
    kernelName: Dropout,
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const [dy] = dys as Tensor[];
      const [multiplier] = saved;
      return { x: () => mul(dy!, multiplier!) };
    },
  });
}
