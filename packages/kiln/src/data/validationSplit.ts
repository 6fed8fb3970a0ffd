import { sliceImages } from './imageSubsets.js';
import type { ImageSet } from './types.js';

/**
 * Splits off the LAST `fraction` of `set` as validation data, exactly as Keras' `fit(...,
 * validationSplit)` does: before any shuffling, the first `floor(count * (1 - fraction))` images
 * train. Both parts are views sharing `set`'s memory.
 */
export function validationSplit(set: ImageSet, fraction: number): { train: ImageSet; validation: ImageSet } {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`validation fraction must be between 0 and 1 (exclusive), got ${fraction}`);
  const splitAt = Math.floor(set.count * (1 - fraction));
  return { train: sliceImages(set, 0, splitAt), validation: sliceImages(set, splitAt, set.count) };
}
