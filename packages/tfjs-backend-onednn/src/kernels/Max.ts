import { Max } from '@tensorflow/tfjs-core';

import { reductionKernel } from './elementwise.js';

export const maxConfig = reductionKernel(Max, 'max', 'reductionIndices');
