import { Mean } from '@tensorflow/tfjs-core';

import { reductionKernel } from './elementwise.js';

export const meanConfig = reductionKernel(Mean, 'mean');
