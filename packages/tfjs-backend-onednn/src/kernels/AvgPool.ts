import { AvgPool } from '@tensorflow/tfjs-core';
import type { AvgPoolAttrs, AvgPoolInputs } from '@tensorflow/tfjs-core';

import { nativeKernel } from './nativeKernel.js';
import { avgPoolForward } from './pooling.js';

export const avgPoolConfig = nativeKernel<AvgPoolInputs, AvgPoolAttrs>(AvgPool, ({ inputs, backend, attrs }) =>
  inputs.x === undefined ? null : avgPoolForward(backend, inputs.x, attrs),
);
