import { MaxPool } from '@tensorflow/tfjs-core';
import type { MaxPoolAttrs, MaxPoolInputs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './nativeKernel.js';
import { poolForward } from './pooling.js';

export const maxPoolConfig = nativeKernel<MaxPoolInputs, MaxPoolAttrs>(MaxPool, ({ inputs, backend, attrs }) =>
  inputs.x === undefined ? null : poolForward(backend, inputs.x, attrs, true),
);
