import { Sqrt } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const sqrtConfig = unaryKernel(Sqrt, 'sqrt');
