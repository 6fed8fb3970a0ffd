import { Sigmoid } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const sigmoidConfig = unaryKernel(Sigmoid, 'sigmoid');
