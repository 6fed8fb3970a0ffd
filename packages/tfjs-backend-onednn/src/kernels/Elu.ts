import { Elu } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const eluConfig = unaryKernel(Elu, 'elu');
