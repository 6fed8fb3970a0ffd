import { Tile, util } from '@tensorflow/tfjs-core';
import type { TileAttrs, TileInputs } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * tfjs' own FusedBatchNorm gradient (which this backend still runs for statistics that are not per
 * channel) tiles the inverse standard deviation over the whole batch.
 */
export const tileConfig = nativeKernel<TileInputs, TileAttrs>(Tile, ({ inputs, backend, attrs }) => {
  const { x } = inputs;
  if (x === undefined || x.shape.length === 0) return null;
  const xValues = backend.float32Values(x);
  if (xValues === null) return null;
  const outShape = x.shape.map((d, i) => d * attrs.reps[i]!);
  const out = backend.allocateOutput(util.sizeFromShape(outShape));
  nativeAddon().tile(xValues, [...x.shape], [...attrs.reps], out, 1);
  return backend.float32Tensor(outShape, out);
});
