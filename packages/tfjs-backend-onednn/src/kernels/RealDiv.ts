import { RealDiv } from '@tensorflow/tfjs-core';

import { binaryKernel } from './elementwise.js';

export const realDivConfig = binaryKernel(RealDiv, 'div', false);
