import * as tf from '@tensorflow/tfjs-core';
import { sliceExamples } from './examples.js';
import type { Examples } from './types.js';

/** What `validationSplit` splits: images or table rows, or a tensor whose first axis runs over the examples. */
export type SplittableExamples = Examples | tf.Tensor;

/**
 * Splits off the LAST `fraction` of `set` as validation data, exactly as Keras' `fit(...,
 * validationSplit)` does: before any shuffling, the first `floor(count * (1 - fraction))`
 * examples train. Image sets and tables come back as views sharing `set`'s memory; a tensor as
 * two new tensors (slices along its first axis) that the caller disposes.
 */
export function validationSplit<S extends SplittableExamples>(set: S, fraction: number): { train: S; validation: S } {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`validation fraction must be between 0 and 1 (exclusive), got ${fraction}`);
  if (set instanceof tf.Tensor) {
    if (set.rank === 0) throw new RangeError('a scalar tensor holds no examples to split: pass one example per row');
    const count = set.shape[0]!;
    const splitAt = Math.floor(count * (1 - fraction));
    const rest = set.shape.slice(1).map(() => -1);
    const zeros = rest.map(() => 0);
    return {
      train: tf.slice(set, [0, ...zeros], [splitAt, ...rest]) as S,
      validation: tf.slice(set, [splitAt, ...zeros], [count - splitAt, ...rest]) as S,
    };
  }
  const examples = set as Examples;
  const splitAt = Math.floor(examples.count * (1 - fraction));
  return {
    train: sliceExamples(examples, 0, splitAt) as S,
    validation: sliceExamples(examples, splitAt, examples.count) as S,
  };
}
