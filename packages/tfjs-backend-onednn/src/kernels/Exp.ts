import { Exp } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const expConfig = unaryKernel(Exp, 'exp');
