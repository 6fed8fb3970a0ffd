import { AvgPool } from '@tensorflow/tfjs-core';
import type { AvgPoolAttrs, AvgPoolInputs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './nativeKernel.js';
import { poolForward } from './pooling.js';

export const avgPoolConfig = nativeKernel<AvgPoolInputs, AvgPoolAttrs>(AvgPool, ({ inputs, backend, attrs }) =>
  inputs.x === undefined ? null : poolForward(backend, inputs.x, attrs, false),
);
