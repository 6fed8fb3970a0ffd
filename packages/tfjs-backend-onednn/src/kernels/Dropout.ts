import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * Not a tfjs kernel: dropout in one pass, mask drawn natively from `seed`. Outputs [y, multiplier],
 * multiplier being 1 / (1 - rate) where x is kept and 0 where dropped (the gradient's factor).
 */
export const Dropout = 'OneDnnDropout';

export type DropoutInputs = Pick<NamedTensorInfoMap, 'x'>;
export interface DropoutAttrs {
  rate: number;
  /** An unsigned 32-bit integer. */
  seed: number;
}

export const dropoutConfig = nativeKernel<DropoutInputs, DropoutAttrs>(Dropout, ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  const xValues = x === undefined ? null : backend.float32Values(x);
  if (x === undefined || xValues === null) throw new Error(`${Dropout}: x must be a float32 tensor`);
  const size = util.sizeFromShape(x.shape);
  const [y, multiplier] = [backend.allocateOutput(size), backend.allocateOutput(size)];
  nativeAddon().dropout(xValues, attrs.rate, attrs.seed >>> 0, y, multiplier);
  return [backend.float32Tensor([...x.shape], y), backend.float32Tensor([...x.shape], multiplier)];
});
