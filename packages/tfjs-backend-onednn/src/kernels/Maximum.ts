import { Maximum } from '@tensorflow/tfjs-core';

import { binaryKernel } from './elementwise.js';

export const maximumConfig = binaryKernel(Maximum, 'max', true);
