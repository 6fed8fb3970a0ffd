import { Floor } from '@tensorflow/tfjs-core';

import { unaryKernel } from './elementwise.js';

/** Dropout floors its random keep mask, activation-sized, in every training step. */
export const floorConfig = unaryKernel(Floor, 'floor');
