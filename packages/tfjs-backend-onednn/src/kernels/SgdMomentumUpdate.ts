import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { weightUpdateKernel } from './weightUpdateKernel.js';

/** Not a tfjs kernel: one step of SGD with momentum of a weight tensor. Outputs [newValue, newMomentum]. */
export const SgdMomentumUpdate = 'OneDnnSgdMomentumUpdate';

export type SgdMomentumUpdateInputs = Pick<NamedTensorInfoMap, 'value' | 'gradient' | 'momentum'>;
export interface SgdMomentumUpdateAttrs {
  learningRate: number;
  /** 1 - learningRate * weightDecay, or 1 for a weight not decayed. */
  decayFactor: number;
  /** The momentum coefficient. */
  momentumFactor: number;
  nesterov: boolean;
}

export const sgdMomentumUpdateConfig = weightUpdateKernel<SgdMomentumUpdateInputs, SgdMomentumUpdateAttrs>(
  SgdMomentumUpdate,
  'momentum',
  ({ value, gradient, slot, newValue, newSlot }, { learningRate, decayFactor, momentumFactor, nesterov }) =>
    nativeAddon().sgdMomentumUpdate(
      value,
      gradient,
      slot,
      learningRate,
      decayFactor,
      momentumFactor,
      nesterov,
      newValue,
      newSlot,
    ),
);
