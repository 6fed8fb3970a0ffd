import { Log } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const logConfig = unaryKernel(Log, 'log');
