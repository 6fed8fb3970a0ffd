import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { weightUpdateKernel } from './weightUpdateKernel.js';

/** Not a tfjs kernel: one RMSprop step of a weight tensor. Outputs [newValue, newMeanSquare]. */
export const RmspropUpdate = 'OneDnnRmspropUpdate';

export type RmspropUpdateInputs = Pick<NamedTensorInfoMap, 'value' | 'gradient' | 'meanSquare'>;
export interface RmspropUpdateAttrs {
  learningRate: number;
  rho: number;
  epsilon: number;
}

export const rmspropUpdateConfig = weightUpdateKernel<RmspropUpdateInputs, RmspropUpdateAttrs>(
  RmspropUpdate,
  'meanSquare',
  ({ value, gradient, slot, newValue, newSlot }, { learningRate, rho, epsilon }) =>
    nativeAddon().rmspropUpdate(value, gradient, slot, learningRate, rho, epsilon, newValue, newSlot),
);
