import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { MaxPoolGradAttrs, MaxPoolGradInputs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './nativeKernel.js';
import { poolBackward } from './pooling.js';

export const maxPoolGradConfig = nativeKernel<MaxPoolGradInputs, MaxPoolGradAttrs>(
  MaxPoolGrad,
  ({ inputs, backend, attrs }) => {
    const { dy, input, output } = inputs;
    return dy === undefined || input === undefined ? null : poolBackward(backend, dy, input, output, attrs, true);
  },
);
