import { loadCifar10 } from './cifar10.js';
import type { DatasetSourceOptions } from './datasetSource.js';
import { loadFashionMnist } from './fashionMnist.js';
import type { ImageDataset } from './types.js';

/** The datasets Kiln can load by name. */
export const datasetNames = ['cifar10', 'fashion-mnist'] as const;
export type DatasetName = (typeof datasetNames)[number];

const loaders: Record<DatasetName, (options: DatasetSourceOptions) => Promise<ImageDataset>> = {
  cifar10: loadCifar10,
  'fashion-mnist': loadFashionMnist,
};

/** Loads a dataset by name (e.g. from a CLI flag); see {@link loadCifar10} and {@link loadFashionMnist}. */
export function loadDataset(name: DatasetName, options: DatasetSourceOptions = {}): Promise<ImageDataset> {
  const load = loaders[name] as ((options: DatasetSourceOptions) => Promise<ImageDataset>) | undefined;
  if (!load)
    return Promise.reject(
      new RangeError(`unknown dataset '${String(name)}'; choose one of ${datasetNames.join(', ')}`),
    );
  return load(options);
}
