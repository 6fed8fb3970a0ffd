import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

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

export const sgdMomentumUpdateConfig = nativeKernel<SgdMomentumUpdateInputs, SgdMomentumUpdateAttrs>(
  SgdMomentumUpdate,
  ({ inputs, backend, attrs }) => {
    const { value, gradient, momentum } = inputs;
    const values = [value, gradient, momentum].map((t) => (t === undefined ? null : backend.float32Values(t)));
    if (value === undefined || values.some((v) => v === null))
      throw new Error(`${SgdMomentumUpdate}: value, gradient and momentum must be float32 tensors`);
    if (!util.arraysEqual(value.shape, gradient!.shape) || !util.arraysEqual(value.shape, momentum!.shape)) {
      throw new Error(`${SgdMomentumUpdate}: value, gradient and momentum must have the same shape`);
    }
    const size = util.sizeFromShape(value.shape);
    const [newValue, newMomentum] = [backend.allocateOutput(size), backend.allocateOutput(size)];
    nativeAddon().sgdMomentumUpdate(
      values[0]!,
      values[1]!,
      values[2]!,
      attrs.learningRate,
      attrs.decayFactor,
      attrs.momentumFactor,
      attrs.nesterov,
      newValue,
      newMomentum,
    );
    return [backend.float32Tensor([...value.shape], newValue), backend.float32Tensor([...value.shape], newMomentum)];
  },
);
