// The kernel side of the native optimizer updates (RMSprop, SGD with momentum): each reads a weight,
// its gradient and one slot of optimizer state, and writes the new weight and the new slot.
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeKernel } from './nativeKernel.js';

/** What a native update reads (`value`, `gradient`, `slot`) and fills (`newValue`, `newSlot`), all of one length. */
export interface WeightUpdateArrays {
  value: Float32Array;
  gradient: Float32Array;
  slot: Float32Array;
  newValue: Float32Array;
  newSlot: Float32Array;
}

/**
 * The kernel config of an update whose inputs are `value`, `gradient` and the slot named `slot`:
 * checks that they are float32 tensors of one shape, allocates the outputs, lets `update` fill
 * them, and returns [newValue, newSlot].
 */
export function weightUpdateKernel<Inputs extends NamedTensorInfoMap, Attrs extends object>(
  kernelName: string,
  slot: Exclude<keyof Inputs & string, 'value' | 'gradient'>,
  update: (arrays: WeightUpdateArrays, attrs: Attrs) => void,
): KernelConfig {
  return nativeKernel<Inputs, Attrs>(kernelName, ({ inputs, backend, attrs }) => {
    const [value, gradient, slotTensor] = [inputs.value, inputs.gradient, inputs[slot]];
    const [valueData, gradientData, slotData] = [value, gradient, slotTensor].map((t) => t && backend.float32Values(t));
    if (!value || !gradient || !slotTensor || !valueData || !gradientData || !slotData)
      throw new Error(`${kernelName}: value, gradient and ${slot} must be float32 tensors`);
    if (!util.arraysEqual(value.shape, gradient.shape) || !util.arraysEqual(value.shape, slotTensor.shape)) {
      throw new Error(`${kernelName}: value, gradient and ${slot} must have the same shape`);
    }
    const size = util.sizeFromShape(value.shape);
    const [newValue, newSlot] = [backend.allocateOutput(size), backend.allocateOutput(size)];
    update({ value: valueData, gradient: gradientData, slot: slotData, newValue, newSlot }, attrs);
    return [backend.float32Tensor([...value.shape], newValue), backend.float32Tensor([...value.shape], newSlot)];
  });
}
