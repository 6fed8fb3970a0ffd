import { LeakyRelu } from '@tensorflow/tfjs-core';
import type { LeakyReluAttrs } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

export const leakyReluConfig = unaryKernel<LeakyReluAttrs>(LeakyRelu, 'leakyRelu', (attrs) => attrs.alpha);
