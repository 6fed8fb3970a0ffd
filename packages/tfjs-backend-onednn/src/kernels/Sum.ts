import { Sum } from '@tensorflow/tfjs-core';

import { reductionKernel } from './elementwise.js';

export const sumConfig = reductionKernel(Sum, 'sum');
