import { Multiply } from '@tensorflow/tfjs-core';

import { binaryKernel } from './elementwise.js';

export const multiplyConfig = binaryKernel(Multiply, 'mul', true);
