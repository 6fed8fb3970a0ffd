import { loadCifar10 } from './cifar10.js';
import { loadCifar100 } from './cifar100.js';
import type { DatasetSourceOptions } from './datasetSource.js';
import { loadFashionMnist } from './fashionMnist.js';
import { loadMnist } from './mnist.js';
import type { ImageDataset } from './types.js';

/** The datasets Kiln can load by name; `cifar100-coarse` is CIFAR-100 with its 20 coarse labels. */
export const datasetNames = ['cifar10', 'fashion-mnist', 'mnist', 'cifar100', 'cifar100-coarse'] as const;
export type DatasetName = (typeof datasetNames)[number];

const loaders: Record<DatasetName, (options: DatasetSourceOptions) => Promise<ImageDataset>> = {
  cifar10: loadCifar10,
  'fashion-mnist': loadFashionMnist,
  mnist: loadMnist,
  cifar100: (options) => loadCifar100({ ...options, labelMode: 'fine' }),
  'cifar100-coarse': (options) => loadCifar100({ ...options, labelMode: 'coarse' }),
};

/** Loads a dataset by name (e.g. from a CLI flag); see {@link loadCifar10}, {@link loadFashionMnist}, {@link loadMnist} and {@link loadCifar100}. */
export function loadDataset(name: DatasetName, options: DatasetSourceOptions = {}): Promise<ImageDataset> {
  const load = loaders[name] as ((options: DatasetSourceOptions) => Promise<ImageDataset>) | undefined;
  if (!load)
    return Promise.reject(
      new RangeError(`unknown dataset '${String(name)}'; choose one of ${datasetNames.join(', ')}`),
    );
  return load(options);
}
