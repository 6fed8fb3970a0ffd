import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/** Not a tfjs kernel: one RMSprop step of a weight tensor. Outputs [newValue, newMeanSquare]. */
export const RmspropUpdate = 'OneDnnRmspropUpdate';

export type RmspropUpdateInputs = Pick<NamedTensorInfoMap, 'value' | 'gradient' | 'meanSquare'>;
export interface RmspropUpdateAttrs {
  learningRate: number;
  rho: number;
  epsilon: number;
}

export const rmspropUpdateConfig = nativeKernel<RmspropUpdateInputs, RmspropUpdateAttrs>(
  RmspropUpdate,
  ({ inputs, backend, attrs }) => {
    const { value, gradient, meanSquare } = inputs;
    const values = [value, gradient, meanSquare].map((t) => (t === undefined ? null : backend.float32Values(t)));
    if (value === undefined || values.some((v) => v === null))
      throw new Error(`${RmspropUpdate}: value, gradient and meanSquare must be float32 tensors`);
    if (!util.arraysEqual(value.shape, gradient!.shape) || !util.arraysEqual(value.shape, meanSquare!.shape)) {
      throw new Error(`${RmspropUpdate}: value, gradient and meanSquare must have the same shape`);
    }
    const size = util.sizeFromShape(value.shape);
    const [newValue, newMeanSquare] = [backend.allocateOutput(size), backend.allocateOutput(size)];
    nativeAddon().rmspropUpdate(
      values[0]!,
      values[1]!,
      values[2]!,
      attrs.learningRate,
      attrs.rho,
      attrs.epsilon,
      newValue,
      newMeanSquare,
    );
    return [backend.float32Tensor([...value.shape], newValue), backend.float32Tensor([...value.shape], newMeanSquare)];
  },
);
