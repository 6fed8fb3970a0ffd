import { Sub } from '@tensorflow/tfjs-core';

import { binaryKernel } from './elementwise.js';

export const subConfig = binaryKernel(Sub, 'sub', false);
