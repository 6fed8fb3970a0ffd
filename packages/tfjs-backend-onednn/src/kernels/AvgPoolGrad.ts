import { AvgPoolGrad } from '@tensorflow/tfjs-core';
import type { AvgPoolGradAttrs, AvgPoolGradInputs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './nativeKernel.js';
import { poolBackward } from './pooling.js';

export const avgPoolGradConfig = nativeKernel<AvgPoolGradInputs, AvgPoolGradAttrs>(
  AvgPoolGrad,
  ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs;
    return dy === undefined || input === undefined ? null : poolBackward(backend, dy, input, undefined, attrs, false);
  },
);
