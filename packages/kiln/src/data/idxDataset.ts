import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetCacheDir } from './cacheDir.js';
import { DatasetError } from './datasetError.js';
import { cachedFileRemedy, localCopyRemedy, type DatasetSourceOptions } from './datasetSource.js';
import { getFile } from './download.js';
import { parseIdx } from './idx.js';
import { readGunzipped } from './readGunzipped.js';
import type { ImageDataset, ImageSet } from './types.js';

/** The four files of a dataset in MNIST's format (MNIST, Fashion-MNIST), without `.gz`. */
export type IdxFile =
  'train-images-idx3-ubyte' | 'train-labels-idx1-ubyte' | 't10k-images-idx3-ubyte' | 't10k-labels-idx1-ubyte';

export interface IdxDatasetLoadOptions extends DatasetSourceOptions {
  /** Folder URL the four `<file>.gz` are downloaded from; default the dataset's official one. */
  baseUrl?: string;
  /** md5 of each downloaded `.gz`; default the published ones. */
  md5?: Partial<Record<IdxFile, string>>;
}

/** What sets one MNIST-format dataset apart from another. */
export interface IdxDatasetDescription {
  readonly name: string;
  readonly baseUrl: string;
  readonly md5: Readonly<Record<IdxFile, string>>;
  readonly classNames: readonly string[];
  /** Images are `side` x `side` x 1. */
  readonly side: number;
  /**
   * A folder of the download cache for the dataset's files, which MNIST-format datasets all name
   * alike; none keeps them in the cache folder itself (as Fashion-MNIST always has).
   */
  readonly cacheSubfolder?: string;
}

/** A located file and what to tell the user if it turns out bad. */
interface SourceFile {
  readonly path: string;
  readonly remedy: string;
}

/**
 * A dataset in MNIST's format as `keras.datasets` gives it: four IDX files (gzipped or not),
 * training and test images `side` x `side` x 1 uint8 with their labels. Reads `options.path` (a
 * folder holding the four files) when given, else downloads them once into the cache, verified
 * by md5.
 */
export async function loadIdxDataset(
  description: IdxDatasetDescription,
  options: IdxDatasetLoadOptions = {},
): Promise<ImageDataset> {
  const locate =
    options.path === undefined
      ? (file: IdxFile) => download(description, file, options)
      : (file: IdxFile) => findLocal(options.path!, file);
  // One after another: parallel downloads would fight over one progress bar and the two cores.
  const trainImages = await locate('train-images-idx3-ubyte');
  const trainLabels = await locate('train-labels-idx1-ubyte');
  const testImages = await locate('t10k-images-idx3-ubyte');
  const testLabels = await locate('t10k-labels-idx1-ubyte');
  return {
    name: description.name,
    train: await readSplit(description, trainImages, trainLabels),
    test: await readSplit(description, testImages, testLabels),
    classNames: description.classNames,
  };
}

async function download(
  description: IdxDatasetDescription,
  file: IdxFile,
  options: IdxDatasetLoadOptions,
): Promise<SourceFile> {
  const fileName = `${file}.gz`;
  const url = new URL(fileName, withTrailingSlash(options.baseUrl ?? description.baseUrl)).href;
  const cache = datasetCacheDir(options.cacheDir);
  const path = await getFile({
    ...options,
    cacheDir: description.cacheSubfolder === undefined ? cache : join(cache, description.cacheSubfolder),
    fileName,
    url,
    md5: options.md5?.[file] ?? description.md5[file],
  });
  return { path, remedy: cachedFileRemedy(path) };
}

async function findLocal(folder: string, file: IdxFile): Promise<SourceFile> {
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

async function readSplit(
  { side, classNames }: IdxDatasetDescription,
  imagesFile: SourceFile,
  labelsFile: SourceFile,
): Promise<ImageSet> {
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
  const badLabel = labels.data.findIndex((label) => label >= classNames.length);
  if (badLabel >= 0) {
    throw new DatasetError(
      labelsFile.path,
      `label ${badLabel} is ${labels.data[badLabel]}, outside 0..${classNames.length - 1}`,
      labelsFile.remedy,
    );
  }
  return { images: images.data, labels: labels.data, count, height, width, channels: 1 };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
