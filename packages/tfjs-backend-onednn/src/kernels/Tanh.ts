import { Tanh } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const tanhConfig = unaryKernel(Tanh, 'tanh');
