import { readMembers } from './archiveMembers.js';
import {
  cifarImageShape,
  cifarRecordBytes,
  cifarSource,
  cifarSplitBuffers,
  decodeCifarBatch,
  parseCifarClassNames,
  type CifarArchiveOptions,
  type CifarSplitBuffers,
} from './cifarBatch.js';
import { DatasetError } from './datasetError.js';
import type { ImageDataset, ImageSet } from './types.js';

export type Cifar10LoadOptions = CifarArchiveOptions;

export const cifar10Url = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const cifar10Md5 = 'c32a1d4ab5d03f1284b67883e8d87530';
const archiveName = 'cifar-10-binary.tar.gz';
const batchFolder = 'cifar-10-batches-bin';
const trainBatches = [
  'data_batch_1.bin',
  'data_batch_2.bin',
  'data_batch_3.bin',
  'data_batch_4.bin',
  'data_batch_5.bin',
];
const testBatch = 'test_batch.bin';
const metaFile = 'batches.meta.txt';
const numClasses = 10;

/**
 * CIFAR-10 as `keras.datasets.cifar10.load_data()` gives it: 50,000 training and 10,000 test
 * images, 32x32x3 uint8 NHWC, labels 0..9. Reads `options.path` (the binary-version `.tar.gz`, or
 * a folder holding `cifar-10-batches-bin/` or its files) when given, else downloads the official
 * archive once into the cache and verifies its md5.
 */
export async function loadCifar10(options: Cifar10LoadOptions = {}): Promise<ImageDataset> {
  const official = { fileName: archiveName, url: cifar10Url, md5: cifar10Md5, batchFolder };
  const { source, remedy, isLocalCopy } = await cifarSource(options, official);
  // A local copy may be smaller than the real dataset (a subset, a test's twin) if its six batches agree.
  return readCifar10(source, remedy, isLocalCopy ? 'same' : 10_000);
}

/**
 * Reads and checks a CIFAR-10 binary-version archive or batch folder. `recordsPerBatch` is 10,000
 * for the real dataset; `'same'` takes the first batch's count and holds every other batch to it.
 */
export async function readCifar10(
  source: string,
  remedy: string,
  recordsPerBatch: number | 'same' = 10_000,
): Promise<ImageDataset> {
  let split: { train: CifarSplitBuffers; test: CifarSplitBuffers; records: number } | undefined;
  const buffersFor = (data: Buffer, location: string) => {
    if (split === undefined) {
      const records = recordsPerBatch === 'same' ? Math.floor(data.length / cifarRecordBytes) : recordsPerBatch;
      if (records === 0) throw new DatasetError(location, 'holds no complete record', remedy);
      split = { train: cifarSplitBuffers(trainBatches.length * records), test: cifarSplitBuffers(records), records };
    }
    return split;
  };
  let classNames: string[] = [];
  await readMembers(
    source,
    [...trainBatches, testBatch, metaFile],
    (name, data, location) => {
      if (name === metaFile) {
        classNames = parseCifarClassNames(data, location, remedy, numClasses);
        return;
      }
      const { train, test, records } = buffersFor(data, location);
      const expected = { records, numClasses };
      if (name === testBatch) decodeCifarBatch(data, test, 0, expected, location, remedy);
      else decodeCifarBatch(data, train, trainBatches.indexOf(name) * records, expected, location, remedy);
    },
    remedy,
  );
  const { train, test } = split!;
  return { name: 'cifar10', train: imageSet(train), test: imageSet(test), classNames };
}

function imageSet({ images, labels }: CifarSplitBuffers): ImageSet {
  return { images, labels, count: labels.length, ...cifarImageShape };
}
