import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './datasetError.js';
import { cachedFileRemedy, localCopyRemedy, type DatasetSourceOptions } from './datasetSource.js';
import { getFile } from './download.js';
import { parseIdx } from './idx.js';
import { readGunzipped } from './readGunzipped.js';
import type { ImageDataset, ImageSet } from './types.js';

export type FashionMnistFile =
  'train-images-idx3-ubyte' | 'train-labels-idx1-ubyte' | 't10k-images-idx3-ubyte' | 't10k-labels-idx1-ubyte';

export interface FashionMnistLoadOptions extends DatasetSourceOptions {
  /** Folder URL the four `<file>.gz` are downloaded from; default the official one. */
  baseUrl?: string;
  /** md5 of each downloaded `.gz`; default the published ones. */
  md5?: Partial<Record<FashionMnistFile, string>>;
}

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
const side = 28;

/** A located file and what to tell the user if it turns out bad. */
interface SourceFile {
  readonly path: string;
  readonly remedy: string;
}

/**
 * Fashion-MNIST as `keras.datasets.fashion_mnist.load_data()` gives it: 60,000 training and
 * 10,000 test images, 28x28x1 uint8, labels 0..9. Reads `options.path` (a folder with the four IDX
 * files, gzipped or not) when given, else downloads them once into the cache, verified by md5.
 */
export async function loadFashionMnist(options: FashionMnistLoadOptions = {}): Promise<ImageDataset> {
  const locate =
    options.path === undefined
      ? (file: FashionMnistFile) => download(file, options)
      : (file: FashionMnistFile) => findLocal(options.path!, file);
  // One after another: parallel downloads would fight over one progress bar and the two cores.
  const trainImages = await locate('train-images-idx3-ubyte');
  const trainLabels = await locate('train-labels-idx1-ubyte');
  const testImages = await locate('t10k-images-idx3-ubyte');
  const testLabels = await locate('t10k-labels-idx1-ubyte');
  return {
    name: 'fashion-mnist',
    train: await readSplit(trainImages, trainLabels),
    test: await readSplit(testImages, testLabels),
    classNames: fashionMnistClassNames,
  };
}

async function download(file: FashionMnistFile, options: FashionMnistLoadOptions): Promise<SourceFile> {
  const fileName = `${file}.gz`;
  const url = new URL(fileName, withTrailingSlash(options.baseUrl ?? fashionMnistBaseUrl)).href;
  const path = await getFile({ ...options, fileName, url, md5: options.md5?.[file] ?? fashionMnistMd5[file] });
  return { path, remedy: cachedFileRemedy(path) };
}

async function findLocal(folder: string, file: FashionMnistFile): Promise<SourceFile> {
  for (const candidate of [`${file}.gz`, file]) {
    const path = join(folder, candidate);
    if ((await stat(path).catch(() => undefined))?.isFile()) return { path, remedy: localCopyRemedy() };
  }
  throw new DatasetError(
    join(folder, `${file}.gz`),
    `missing (neither ${file}.gz nor ${file} is in ${folder})`,
    localCopyRemedy(),
  );
}

async function readSplit(imagesFile: SourceFile, labelsFile: SourceFile): Promise<ImageSet> {
  const images = parseIdx(
    await readGunzipped(imagesFile.path, imagesFile.remedy),
    3,
    imagesFile.path,
    imagesFile.remedy,
  );
  const labels = parseIdx(
    await readGunzipped(labelsFile.path, labelsFile.remedy),
    1,
    labelsFile.path,
    labelsFile.remedy,
  );
  const [count, height, width] = images.shape as [number, number, number];
  if (height !== side || width !== side) {
    throw new DatasetError(
      imagesFile.path,
      `holds ${height}x${width} images, expected ${side}x${side}`,
      imagesFile.remedy,
    );
  }
  if (labels.shape[0] !== count) {
    throw new DatasetError(
      labelsFile.path,
      `holds ${labels.shape[0]} labels but ${imagesFile.path} holds ${count} images`,
      labelsFile.remedy,
    );
  }
  const badLabel = labels.data.findIndex((label) => label >= fashionMnistClassNames.length);
  if (badLabel >= 0) {
    throw new DatasetError(
      labelsFile.path,
      `label ${badLabel} is ${labels.data[badLabel]}, outside 0..${fashionMnistClassNames.length - 1}`,
      labelsFile.remedy,
    );
  }
  return { images: images.data, labels: labels.data, count, height, width, channels: 1 };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
