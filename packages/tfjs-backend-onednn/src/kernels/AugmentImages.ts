import { util } from '@tensorflow/tfjs-core';
import type { NamedTensorInfoMap } from '@tensorflow/tfjs-core';

import { nativeAddon } from '../native.js';
import { nativeKernel } from './nativeKernel.js';

/**
 * Not a tfjs kernel: a batch of NHWC images flipped, translated and cut out per image in one pass
 * (see `augmentImages` in src/ops/augmentImages.ts for the parameters).
 */
export const AugmentImages = 'OneDnnAugmentImages';

export type AugmentImagesInputs = Pick<NamedTensorInfoMap, 'x'>;
export interface AugmentImagesAttrs {
  /** 7 integers per image: flip, shiftRows, shiftCols, cutTop, cutLeft, cutBottom, cutRight. */
  params: Int32Array;
  reflect: boolean;
  fillValue: number;
}

export const augmentImagesConfig = nativeKernel<AugmentImagesInputs, AugmentImagesAttrs>(
  AugmentImages,
  ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const xValues = x === undefined ? null : backend.float32Values(x);
    if (x === undefined || xValues === null || x.shape.length !== 4) {
      throw new Error(`${AugmentImages}: x must be a float32 tensor of rank 4 (NHWC)`);
    }
    const y = backend.allocateOutput(util.sizeFromShape(x.shape));
    const [n, h, w, c] = x.shape as [number, number, number, number];
    nativeAddon().augmentImages(xValues, [n, h, w, c], attrs.params, attrs.reflect, attrs.fillValue, y);
    return backend.float32Tensor([...x.shape], y);
  },
);
