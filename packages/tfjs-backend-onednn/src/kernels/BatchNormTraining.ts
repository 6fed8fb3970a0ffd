import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * Not a tfjs kernel: batch normalization in training, statistics included, as TensorFlow's
 * FusedBatchNormV3 with is_training. Inputs x (channels last), scale and offset, one value per
 * channel; outputs [y, mean, variance], the statistics being the batch's (biased
 * variance, as tfjs' moments()). With activation 'relu' or 'gelu', y is that function of the normalized x (as
 * TensorFlow's _FusedBatchNormEx), which saves passes over the activations forward and back.
 */
export const BatchNormTraining = 'OneDnnBatchNormTraining';

export type BatchNormTrainingInputs = Pick<NamedTensorInfoMap, 'x' | 'scale' | 'offset'>;
export interface BatchNormTrainingAttrs {
  varianceEpsilon: number;
  activation: BatchNormActivation;
}

/** What batchNormTraining can apply to the normalized x in the same pass. */
export type BatchNormActivation = 'linear' | 'relu' | 'gelu';

/** The float32 values of each of `inputs`, or an error naming the kernel. */
export function batchNormValues(
  backend: { float32Values(t: TensorInfo): Float32Array | null },
  kernel: string,
  inputs: Record<string, TensorInfo | undefined>,
): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, tensor]) => {
      const values = tensor === undefined ? null : backend.float32Values(tensor);
      if (values === null) throw new Error(`${kernel}: ${name} must be a float32 tensor`);
      return [name, values];
    }),
  );
}

export const batchNormTrainingConfig = nativeKernel<BatchNormTrainingInputs, BatchNormTrainingAttrs>(
  BatchNormTraining,
  ({ inputs, backend, attrs }) => {
    const { x, scale, offset } = inputs;
    if (x === undefined || scale === undefined || offset === undefined)
      throw new Error(`${BatchNormTraining} needs x, scale and offset`);
    const channels = offset.shape.at(-1) ?? 1;
    if (offset.shape.length !== 1 || x.shape.at(-1) !== channels || !util.arraysEqual(scale.shape, offset.shape)) {
      throw new Error(`${BatchNormTraining}: scale and offset must have one value per channel of x (its last dim)`);
    }
    const values = batchNormValues(backend, BatchNormTraining, { x, scale, offset });
    const y = backend.allocateOutput(util.sizeFromShape(x.shape));
    const [mean, variance] = [backend.allocateOutput(channels), backend.allocateOutput(channels)];
    nativeAddon().batchNormTraining(
      values.x!,
      channels,
      values.scale!,
      values.offset!,
      attrs.varianceEpsilon,
      y,
      mean,
      variance,
      attrs.activation,
    );
    return [
      backend.float32Tensor([...x.shape], y),
      backend.float32Tensor([channels], mean),
      backend.float32Tensor([channels], variance),
    ];
  },
);
