import * as tf from '@tensorflow/tfjs-core';
import { gatherImages, sliceImages } from './imageSubsets.js';
import { shuffledIndices } from './shuffle.js';
import { scaleImages } from './scaleImages.js';
import { toCategorical } from './toCategorical.js';
import type { Dataset, Examples, ImageSet, TableSet, Task } from './types.js';

/** Whether `set` holds images (rather than table rows). */
export function isImageSet(set: Examples): set is ImageSet {
  return 'images' in set;
}

/** The shape of one example: `[height, width, channels]` or `[features]`. */
export function exampleShape(set: Examples): number[] {
  return isImageSet(set) ? [set.height, set.width, set.channels] : [set.featureCount];
}

/** The dataset's task (`classification` unless it says otherwise). */
export function taskOf(dataset: Pick<Dataset, 'task'>): Task {
  return dataset.task ?? 'classification';
}

/** The units a model's output needs: one per class, or one number for regression. */
export function outputUnits(dataset: Pick<Dataset, 'task' | 'classNames'>): number {
  return taskOf(dataset) === 'regression' ? 1 : dataset.classNames.length;
}

/** Whether `set` carries targets (rows read for prediction carry none). */
export function hasTargets(set: Examples): boolean {
  return set.labels.length === set.count || (!isImageSet(set) && set.values.length === set.count);
}

/** A new set of the examples at `indices`, in that order (copies, like `tf.gather`). */
export function gatherExamples<S extends Examples>(set: S, indices: readonly number[]): S {
  if (isImageSet(set)) return gatherImages(set, indices) as S;
  const table = set as TableSet;
  const features = new Float32Array(indices.length * table.featureCount);
  const labels = new Int32Array(table.labels.length > 0 ? indices.length : 0);
  const values = new Float32Array(table.values.length > 0 ? indices.length : 0);
  indices.forEach((index, position) => {
    if (!Number.isInteger(index) || index < 0 || index >= table.count) {
      throw new RangeError(`row index ${index} is outside 0..${table.count - 1}`);
    }
    const width = table.featureCount;
    features.set(table.features.subarray(index * width, (index + 1) * width), position * width);
    if (labels.length > 0) labels[position] = table.labels[index]!;
    if (values.length > 0) values[position] = table.values[index]!;
  });
  return { ...table, features, labels, values, count: indices.length } as S;
}

/** Examples `start..end-1` of `set` as a view sharing its memory. */
export function sliceExamples<S extends Examples>(set: S, start: number, end: number): S {
  if (isImageSet(set)) return sliceImages(set, start, end) as S;
  const table = set as TableSet;
  return {
    ...table,
    features: table.features.subarray(start * table.featureCount, end * table.featureCount),
    labels: table.labels.length > 0 ? table.labels.subarray(start, end) : table.labels,
    values: table.values.length > 0 ? table.values.subarray(start, end) : table.values,
    count: end - start,
  } as S;
}

/** The examples of `set` in a random order that depends only on `seed`. */
export function shuffleExamples<S extends Examples>(set: S, seed: number): S {
  return gatherExamples(set, shuffledIndices(set.count, seed));
}

/**
 * Splits off a seeded random `fraction` of `set` (at least one example when `fraction > 0`):
 * the examples are shuffled with `seed`, the last `fraction` of them is `held`, as
 * `image_dataset_from_directory(validation_split=..., seed=...)` takes its subsets.
 */
export function splitExamples<S extends Examples>(set: S, fraction: number, seed: number): { kept: S; held: S } {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`split fraction must be in (0, 1), got ${fraction}`);
  const order = shuffledIndices(set.count, seed);
  const held = Math.min(set.count - 1, Math.max(1, Math.round(set.count * fraction)));
  return {
    kept: gatherExamples(set, order.slice(0, set.count - held)),
    held: gatherExamples(set, order.slice(set.count - held)),
  };
}

/** Model-ready tensors for a batch. The caller owns them (dispose when done). */
export interface ExampleTensors {
  /** Images `[n, h, w, c]` in [0, 1], or rows `[n, features]`. */
  readonly x: tf.Tensor;
  /** One-hot classes `[n, classes]`, or scaled regression targets `[n, 1]`; absent without targets. */
  readonly y?: tf.Tensor2D;
}

/**
 * `x` and `y` for a batch: images scaled by 1/255 as the chapter does, rows as they are; classes
 * one-hot over `outputs` classes, regression targets scaled by the set's `targetScale`.
 */
export function examplesToTensors(set: Examples, outputs: number): ExampleTensors {
  if (isImageSet(set)) {
    const x = tf.tensor4d(scaleImages(set.images), [set.count, set.height, set.width, set.channels], 'float32');
    if (set.labels.length !== set.count) return { x };
    return { x, y: tf.tensor2d(toCategorical(set.labels, outputs), [set.count, outputs], 'float32') };
  }
  const x = tf.tensor2d(set.features, [set.count, set.featureCount], 'float32');
  if (set.labels.length === set.count && set.count > 0)
    return { x, y: tf.tensor2d(toCategorical(set.labels, outputs), [set.count, outputs], 'float32') };
  if (set.values.length === set.count && set.count > 0) {
    const { mean, std } = set.targetScale ?? { mean: 0, std: 1 };
    return {
      x,
      y: tf.tensor2d(
        set.values.map((value) => (value - mean) / std),
        [set.count, 1],
        'float32',
      ),
    };
  }
  return { x };
}
