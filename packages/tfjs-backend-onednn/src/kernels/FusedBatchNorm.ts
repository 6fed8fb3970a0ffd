import { FusedBatchNorm, util } from '@tensorflow/tfjs-core';
import type { FusedBatchNormAttrs, FusedBatchNormInputs, TensorInfo } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * `values` repeated to `length` entries. tfjs' cpu kernel reads each statistic cyclically by
 * element (i % its length), which is this repetition per channel when the lengths divide.
 */
function perChannel(values: Float32Array, length: number): Float32Array {
  if (values.length === length) return values;
  return Float32Array.from({ length }, (_, i) => values[i % values.length]!);
}

/** Training (batch statistics) and inference (moving statistics) alike. */
export const fusedBatchNormConfig = nativeKernel<FusedBatchNormInputs, FusedBatchNormAttrs>(
  FusedBatchNorm,
  ({ inputs, backend, attrs }) => {
    const { x, mean, variance, offset, scale } = inputs;
    if (x === undefined) return null;
    // An absent statistic is the identity: mean and offset 0, variance and scale 1.
    const valuesOr = (t: TensorInfo | undefined, absent: number): Float32Array | null =>
      t === undefined ? new Float32Array([absent]) : backend.float32Values(t);
    const xValues = backend.float32Values(x);
    const statistics = [valuesOr(mean, 0), valuesOr(variance, 1), valuesOr(offset, 0), valuesOr(scale, 1)];
    if (xValues === null || statistics.some((s) => s === null || s.length === 0)) return null;
    const present = statistics as Float32Array[];
    const channels = Math.max(...present.map((s) => s.length));
    if (xValues.length % channels !== 0 || present.some((s) => channels % s.length !== 0)) return null;
    const [meanValues, varianceValues, offsetValues, scaleValues] = present.map((s) => perChannel(s, channels));
    const y = backend.allocateOutput(util.sizeFromShape(x.shape));
    nativeAddon().batchNorm(
      xValues,
      meanValues!,
      varianceValues!,
      scaleValues!,
      attrs.varianceEpsilon ?? 0.001,
      offsetValues!,
      y,
    );
    return backend.float32Tensor([...x.shape], y);
  },
);
