import { Step } from '@tensorflow/tfjs-core';
import type { StepAttrs } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

/** ReLU's gradient is Step then Multiply. */
export const stepConfig = unaryKernel<StepAttrs>(Step, 'step', (attrs) => attrs.alpha);
