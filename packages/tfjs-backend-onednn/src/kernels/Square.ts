import { Square } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const squareConfig = unaryKernel(Square, 'square');
