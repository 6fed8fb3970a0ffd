import { readdir, stat } from 'node:fs/promises';
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
  if (options.data !== undefined) {
    const found = await stat(options.data).catch((error: NodeJS.ErrnoException) => {
      // Only a missing path is "does not exist"; a permission or other error is reported as the system gave it.
      if (error.code === 'ENOENT') return undefined;
      throw new UsageError(`--data ${options.data} cannot be read: ${error.message}`);
    });
    if (found === undefined) {
      throw new UsageError(
        `--data ${options.data} does not exist: pass the dataset's archive or folder, or omit --data to use the download cache`,
      );
    }
  }
  let dataset: ImageDataset;
  try {
    dataset = await loadDataset(options.dataset, { path: options.data, verbose: options.verbose > 0 });
  } catch (error) {
    throw await withDatasetHint(error, options);
  }
  if (options.limit === undefined) return { dataset, train: dataset.train, test: dataset.test };
  const fraction = Math.min(1, options.limit / dataset.train.count);
  const testLimit = Math.max(dataset.classNames.length, Math.round(fraction * dataset.test.count));
  return {
    dataset,
    train: takeBalancedSubset(dataset.train, options.limit, seed),
    test: takeBalancedSubset(dataset.test, Math.min(testLimit, dataset.test.count), seed),
  };
}

/** Fashion-MNIST's files, as `loadFashionMnist` reads them from a folder (plain or gzipped). */
const fashionMnistMarkers = ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz'];

/** cifar10 is the default --dataset: when --data is a Fashion-MNIST folder, say that the flag is what is missing. */
async function withDatasetHint(error: unknown, options: { data?: string; dataset: DatasetName }): Promise<unknown> {
  if (options.dataset !== 'cifar10' || options.data === undefined || !(error instanceof Error)) return error;
  const names = await readdir(options.data).catch(() => [] as string[]);
  if (!names.some((name) => fashionMnistMarkers.includes(name))) return error;
  return new UsageError(
    `${error.message}. ${options.data} holds Fashion-MNIST's files, and cifar10 is the default --dataset: pass --dataset fashion-mnist`,
  );
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
