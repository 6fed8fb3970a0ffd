import { loadIdxDataset, type IdxDatasetLoadOptions, type IdxFile } from './idxDataset.js';
import type { ImageDataset } from './types.js';

export type MnistLoadOptions = IdxDatasetLoadOptions;

/**
 * The official IDX files (LeCun, Cortes and Burges), from the mirror PyTorch's torchvision
 * downloads them from: the original site refuses scripted downloads. The md5s are the files'.
 */
export const mnistBaseUrl = 'https://ossci-datasets.s3.amazonaws.com/mnist/';
export const mnistMd5: Readonly<Record<IdxFile, string>> = {
  'train-images-idx3-ubyte': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
  'train-labels-idx1-ubyte': 'd53e105ee54ea40749a09fcbcd1e9432',
  't10k-images-idx3-ubyte': '9fb629c4189551a2d022fa330f9573f3',
  't10k-labels-idx1-ubyte': 'ec29112dd5afa0611ce80d1b7f02629c',
};
export const mnistClassNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * MNIST as `keras.datasets.mnist.load_data()` gives it: 60,000 training and 10,000 test images of
 * handwritten digits, 28x28x1 uint8, labels 0..9. Reads `options.path` (a folder with the four IDX
 * files, gzipped or not) when given, else downloads them once into the cache's `mnist/` folder
 * (Fashion-MNIST's files have the same names), verified by md5.
 */
export function loadMnist(options: MnistLoadOptions = {}): Promise<ImageDataset> {
  return loadIdxDataset(
    {
      name: 'mnist',
      baseUrl: mnistBaseUrl,
      md5: mnistMd5,
      classNames: mnistClassNames,
      side: 28,
      cacheSubfolder: 'mnist',
    },
    options,
  );
}
