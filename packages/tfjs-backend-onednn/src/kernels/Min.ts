import { Min } from '@tensorflow/tfjs-core';

import { reductionKernel } from './elementwise.js';

export const minConfig = reductionKernel(Min, 'min');
