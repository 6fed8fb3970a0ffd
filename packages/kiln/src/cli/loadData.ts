import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import {
  DatasetError,
  datasetFingerprint,
  datasetNames,
  imageExtensions,
  loadDataset,
  loadImageFolder,
  loadTable,
  sliceExamples,
  takeBalancedSubset,
  type Dataset,
  type DatasetName,
  type Examples,
  type ImageDataset,
  type ImageSet,
} from '../data/index.js';
import type { KilnModelMetadata } from '../models/index.js';
import type { UserDataOptions } from './options.js';
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

/** Fashion-MNIST's and MNIST's files, as `loadFashionMnist` and `loadMnist` read them from a folder (plain or gzipped). */
const fashionMnistMarkers = ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz'];

/** cifar10 is the default --dataset: when --data is a Fashion-MNIST folder, say that the flag is what is missing. */
async function withDatasetHint(error: unknown, options: { data?: string; dataset: DatasetName }): Promise<unknown> {
  if (options.dataset !== 'cifar10' || options.data === undefined || !(error instanceof Error)) return error;
  const names = await readdir(options.data).catch(() => [] as string[]);
  if (!names.some((name) => fashionMnistMarkers.includes(name))) return error;
  return new UsageError(
    `${error.message}. ${options.data} holds MNIST-format files (Fashion-MNIST's or MNIST's), and cifar10 is the default --dataset: pass --dataset fashion-mnist or --dataset mnist`,
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

/** Any data `kiln train` and `kiln tune` take: a named dataset, an image folder or a table. */
export interface AnyData {
  readonly dataset: Dataset;
  readonly train: Examples;
  readonly test: Examples;
  /** `datasetFingerprint` of what is trained and tested on. */
  readonly fingerprint?: string;
}

/** The table file extensions `--data` reads as tables. */
const tableExtensions = ['.csv', '.json'];

/** What `path` holds: a table file, a folder of class folders of images, or neither (a dataset copy). */
export async function userDataKind(path: string): Promise<'table' | 'images' | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile() && tableExtensions.includes(extname(path).toLowerCase())) return 'table';
  if (!info?.isDirectory()) return undefined;
  const isImage = (file: string) => (imageExtensions as readonly string[]).includes(extname(file).toLowerCase());
  // Images in the folder itself (to predict) or in its class sub-folders (to train on).
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.isFile() && isImage(entry.name)) return 'images';
    if (entry.isDirectory() && (await readdir(join(path, entry.name))).some(isImage)) return 'images';
  }
  return undefined;
}

/**
 * Loads `--data` as the user's own data when it is a table or an image folder (with a test set
 * from `--test-data`, or a seeded `--test-split`, 0.2 by default), else the named `--dataset`.
 * User data comes shuffled by the seed, so `--validation-split` takes a random last fraction;
 * `--limit` keeps the first N training examples.
 */
export async function loadAnyData(
  options: { data?: string; dataset: DatasetName; limit?: number; verbose: number } & Partial<UserDataOptions>,
  seed: number,
): Promise<AnyData> {
  const kind = options.data === undefined ? undefined : await userDataKind(options.data);
  const exists = options.data === undefined || (await stat(options.data).catch(() => undefined)) !== undefined;
  if (kind === undefined) {
    for (const flag of ['target', 'testData', 'testSplit', 'imageSize', 'task'] as const) {
      if (options[flag] !== undefined && exists) {
        const name = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        throw new UsageError(
          `--${name} is for your own data: pass --data with a folder of class folders of images, or a .csv/.json table`,
        );
      }
    }
    const data = await loadData(options, seed);
    return { ...data, fingerprint: datasetFingerprint({ ...data.dataset, train: data.train, test: data.test }) };
  }
  const testSplit = options.testData === undefined ? (options.testSplit ?? 0.2) : undefined;
  let dataset: Dataset;
  try {
    if (kind === 'table') {
      if (options.target === undefined)
        throw new UsageError(`--data ${options.data} is a table: pass --target COLUMN, the column to predict`);
      dataset = await loadTable(options.data!, {
        target: options.target,
        ignore: options.ignore,
        task: options.task,
        testData: options.testData,
        testSplit,
        seed,
      });
    } else {
      dataset = await loadImageFolder(options.data!, {
        imageSize: options.imageSize,
        colorMode: options.colorMode,
        skipBadImages: options.skipBadImages,
        testDirectory: options.testData,
        testSplit,
        seed,
        onCache: (hit, file) => {
          if (options.verbose > 0)
            process.stderr.write(
              hit ? `decoded images from the cache ${file}\n` : `decoding images (cached afterwards in ${file})\n`,
            );
        },
      });
    }
  } catch (error) {
    if (error instanceof DatasetError || error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  if (dataset.skipped?.length)
    process.stderr.write(
      `skipped ${dataset.skipped.length} image(s) that could not be decoded: ${dataset.skipped.map((s) => s.file).join(', ')}\n`,
    );
  if (dataset.droppedRows)
    process.stderr.write(`left out ${dataset.droppedRows} row(s) without a '${options.target}' value\n`);
  if (dataset.test.count === 0) throw new UsageError(`no test examples: pass --test-data or a larger --test-split`);
  const train =
    options.limit === undefined
      ? dataset.train
      : sliceExamples(dataset.train, 0, Math.min(options.limit, dataset.train.count));
  return { dataset, train, test: dataset.test, fingerprint: datasetFingerprint({ ...dataset, train }) };
}
