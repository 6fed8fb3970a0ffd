import { Relu } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const reluConfig = unaryKernel(Relu, 'relu');
