import { Rsqrt } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const rsqrtConfig = unaryKernel(Rsqrt, 'rsqrt');
