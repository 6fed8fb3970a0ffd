// BatchNormTraining's gradient: one native kernel, from the gradients of all three of its outputs
// (those of the statistics are zeros when, as in BatchNormalization, they only feed the moving
// averages).
import { engine, registerGradient } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { BatchNormTraining } from '../kernels/BatchNormTraining.js';
import { BatchNormTrainingGrad } from '../kernels/BatchNormTrainingGrad.js';

export function registerBatchNormTrainingGradient(): void {
  registerGradient({
    kernelName: BatchNormTraining,
    inputsToSave: ['x', 'scale', 'offset'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dMean, dVariance] = dys as Tensor[];
      const [x, scale, offset, mean, variance] = saved;
      const [dx, dScale, dOffset] = engine().runKernel(
        BatchNormTrainingGrad,
        {
          x: x!,
          scale: scale!,
          offset: offset!,
          mean: mean!,
          variance: variance!,
          dy: dy!,
          dMean: dMean!,
          dVariance: dVariance!,
        },
        attrs,
      ) as Tensor[];
      return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
    },
  });
}
