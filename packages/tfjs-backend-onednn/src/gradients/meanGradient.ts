// Mean's gradient in one native pass: tfjs multiplies dy by a tensor of ones the size of x (which
// it allocates and fills) and then divides, two more activation-sized passes. BatchNormalization
// in training runs two Means per layer (tf.moments), GlobalAveragePooling2D one.
import { engine, Mean, util } from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { MeanGrad } from '../kernels/MeanGrad.js';
import type { MeanGradAttrs } from '../kernels/MeanGrad.js';
import { backendHasKernel, registerNativeGradient } from './nativeGradient.js';

export function registerMeanGradient(): void {
  registerNativeGradient(Mean, (dy, [x], attrs) => {
    if (x === undefined || x.rank === 0 || dy.dtype !== 'float32' || !backendHasKernel(MeanGrad)) return null;
    const meanAttrs: MeanGradAttrs = {
      xShape: [...x.shape],
      axes: util.parseAxisParam(attrs.axis as number | number[], x.shape),
    };
    const dx = engine().runKernel(MeanGrad, { dy }, meanAttrs) as Tensor;
    return { x: () => dx };
  });
}
