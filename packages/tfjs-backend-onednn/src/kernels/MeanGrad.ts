import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/** Not a tfjs kernel: Mean's gradient, dy broadcast over the reduced axes and divided by their size. */
export const MeanGrad = 'OneDnnMeanGrad';

export type MeanGradAttrs = {
  /** The shape of Mean's input. */
  xShape: number[];
  /** The axes Mean reduced. */
  axes: number[];
};

export const meanGradConfig = nativeKernel<Pick<NamedTensorInfoMap, 'dy'>, MeanGradAttrs>(
  MeanGrad,
  ({ inputs, backend, attrs }) => {
    const { xShape, axes } = attrs;
    const dyValues = inputs.dy === undefined ? null : backend.float32Values(inputs.dy);
    if (dyValues === null || xShape.length === 0)
      throw new Error(`${MeanGrad} takes a float32 dy and an x of rank 1 or more`);
    const reduced = (axis: number): boolean => axes.includes(axis);
    const expandedShape = xShape.map((d, axis) => (reduced(axis) ? 1 : d));
    const reps = xShape.map((d, axis) => (reduced(axis) ? d : 1));
    const dx = backend.allocateOutput(util.sizeFromShape(xShape));
    nativeAddon().tile(dyValues, expandedShape, reps, dx, 1 / util.sizeFromShape(reps));
    return backend.float32Tensor([...xShape], dx);
  },
);
