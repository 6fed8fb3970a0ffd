import { Minimum } from '@tensorflow/tfjs-core';

import { binaryKernel } from './elementwise.js';

export const minimumConfig = binaryKernel(Minimum, 'min', true);
