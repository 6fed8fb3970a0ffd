import { loadIdxDataset, type IdxDatasetLoadOptions, type IdxFile } from './idxDataset.js';
import type { ImageDataset } from './types.js';

export type FashionMnistFile = IdxFile;
export type FashionMnistLoadOptions = IdxDatasetLoadOptions;

export const fashionMnistBaseUrl = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
export const fashionMnistMd5: Readonly<Record<FashionMnistFile, string>> = {
  'train-images-idx3-ubyte': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
  'train-labels-idx1-ubyte': '25c81989df183df01b3e8e0aac64f5b2',
  't10k-images-idx3-ubyte': 'bef4ecab320f06d8554ea6380940ec79',
  't10k-labels-idx1-ubyte': 'bb300cfdad3c16e7a12a480ee83cd310',
};
export const fashionMnistClassNames = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * Fashion-MNIST as `keras.datasets.fashion_mnist.load_data()` gives it: 60,000 training and
 * 10,000 test images, 28x28x1 uint8, labels 0..9. Reads `options.path` (a folder with the four IDX
 * files, gzipped or not) when given, else downloads them once into the cache, verified by md5.
 */
export function loadFashionMnist(options: FashionMnistLoadOptions = {}): Promise<ImageDataset> {
  return loadIdxDataset(
    {
      name: 'fashion-mnist',
      baseUrl: fashionMnistBaseUrl,
      md5: fashionMnistMd5,
      classNames: fashionMnistClassNames,
      side: 28,
    },
    options,
  );
}
