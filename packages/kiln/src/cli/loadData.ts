import { stat } from 'node:fs/promises';
import {
  datasetNames,
  loadDataset,
  takeBalancedSubset,
  type DatasetName,
  type ImageDataset,
  type ImageSet,
} from '../data/index.js';
import type { KilnModelMetadata } from '../models/index.js';
import { UsageError } from './usageError.js';

export interface LoadedData {
  readonly dataset: ImageDataset;
  readonly train: ImageSet;
  readonly test: ImageSet;
}

/**
 * Loads the dataset the flags name. With `limit`, the training set becomes a class-balanced
 * random subset of `limit` images and the test set one of the same fraction of its images
 * (at least one per class), so test figures stay comparable across limits.
 */
export async function loadData(
  options: { data?: string; dataset: DatasetName; limit?: number; verbose: number },
  seed: number,
): Promise<LoadedData> {
  if (options.data !== undefined && !(await stat(options.data).catch(() => undefined))) {
    throw new UsageError(
      `--data ${options.data} does not exist: pass the dataset's archive or folder, or omit --data to use the download cache`,
    );
  }
  const dataset = await loadDataset(options.dataset, { path: options.data, verbose: options.verbose > 0 });
  if (options.limit === undefined) return { dataset, train: dataset.train, test: dataset.test };
  const fraction = Math.min(1, options.limit / dataset.train.count);
  const testLimit = Math.max(dataset.classNames.length, Math.round(fraction * dataset.test.count));
  return {
    dataset,
    train: takeBalancedSubset(dataset.train, options.limit, seed),
    test: takeBalancedSubset(dataset.test, Math.min(testLimit, dataset.test.count), seed),
  };
}

/** The dataset a saved model is tested on: `--dataset`, else the one it was trained on. */
export function datasetOfModel(flag: DatasetName | undefined, metadata: KilnModelMetadata): DatasetName {
  const name = flag ?? metadata.dataset;
  if (name === undefined || !(datasetNames as readonly string[]).includes(name)) {
    throw new UsageError(
      `the model does not say which dataset it was trained on${name ? ` ('${name}' is not one Kiln loads)` : ''}: pass --dataset ${datasetNames.join('|')}`,
    );
  }
  return name as DatasetName;
}

/** Refuses images of another shape than the model takes, before tfjs fails with a shape error. */
export function assertFitsModel(set: ImageSet, metadata: KilnModelMetadata): void {
  const shape = [set.height, set.width, set.channels];
  if (shape.join('x') !== metadata.inputShape.join('x')) {
    throw new UsageError(
      `the model takes ${metadata.inputShape.join('x')} images but this dataset has ${shape.join('x')}: pass the --dataset it was trained on`,
    );
  }
}
