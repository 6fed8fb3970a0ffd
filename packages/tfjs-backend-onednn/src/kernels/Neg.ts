import { Neg } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const negConfig = unaryKernel(Neg, 'neg');
