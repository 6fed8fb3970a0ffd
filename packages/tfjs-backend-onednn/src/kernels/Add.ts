import { Add } from '@tensorflow/tfjs-core';

import { binaryKernel } from './elementwise.js';

export const addConfig = binaryKernel(Add, 'add', true);
