import { Abs } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const absConfig = unaryKernel(Abs, 'abs');
