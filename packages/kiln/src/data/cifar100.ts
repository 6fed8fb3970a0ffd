import { readMembers } from './archiveMembers.js';
import {
  cifarImageBytes,
  cifarImageShape,
  cifarSource,
  cifarSplitBuffers,
  decodeCifarBatch,
  parseCifarClassNames,
  type CifarArchiveOptions,
  type CifarLabelLayout,
} from './cifarBatch.js';
import { DatasetError } from './datasetError.js';
import type { ImageDataset, ImageSet } from './types.js';

/** Keras' `label_mode`: the 100 classes, or the 20 superclasses they are grouped in. */
export type Cifar100LabelMode = 'fine' | 'coarse';

export interface Cifar100LoadOptions extends CifarArchiveOptions {
  /** Default `fine`, as Keras. */
  labelMode?: Cifar100LabelMode;
}

export const cifar100Url = 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz';
export const cifar100Md5 = '03b5dce01913d631647c71ecec9e9cb8';
const archiveName = 'cifar-100-binary.tar.gz';
const batchFolder = 'cifar-100-binary';
const trainFile = 'train.bin';
const testFile = 'test.bin';

/** Each record starts with its coarse label byte, then its fine one. */
const labelModes: Record<Cifar100LabelMode, CifarLabelLayout & { namesFile: string; numClasses: number }> = {
  fine: { labelBytes: 2, labelByte: 1, namesFile: 'fine_label_names.txt', numClasses: 100 },
  coarse: { labelBytes: 2, labelByte: 0, namesFile: 'coarse_label_names.txt', numClasses: 20 },
};

/**
 * CIFAR-100 as `keras.datasets.cifar100.load_data(label_mode)` gives it: 50,000 training and
 * 10,000 test images, 32x32x3 uint8 NHWC, with their fine (0..99) or coarse (0..19) labels. Reads
 * `options.path` (the binary-version `.tar.gz`, or a folder holding `cifar-100-binary/` or its
 * files) when given, else downloads the official archive once into the cache and verifies its md5.
 * The dataset is named `cifar100`, or `cifar100-coarse` with coarse labels.
 */
export async function loadCifar100(options: Cifar100LoadOptions = {}): Promise<ImageDataset> {
  const labelMode = options.labelMode ?? 'fine';
  if (!Object.hasOwn(labelModes, labelMode))
    throw new RangeError(`labelMode must be 'fine' or 'coarse', got ${JSON.stringify(labelMode)}`);
  const official = { fileName: archiveName, url: cifar100Url, md5: cifar100Md5, batchFolder };
  const { source, remedy } = await cifarSource(options, official);
  return readCifar100(source, remedy, labelMode);
}

/** Reads and checks a CIFAR-100 binary-version archive or folder (any number of records a split). */
export async function readCifar100(
  source: string,
  remedy: string,
  labelMode: Cifar100LabelMode = 'fine',
): Promise<ImageDataset> {
  const layout = labelModes[labelMode];
  const splits: Partial<Record<string, ImageSet>> = {};
  let classNames: string[] = [];
  await readMembers(
    source,
    [trainFile, testFile, layout.namesFile],
    (name, data, location) => {
      if (name === layout.namesFile) {
        classNames = parseCifarClassNames(data, location, remedy, layout.numClasses);
        return;
      }
      if (data.length === 0) throw new DatasetError(location, 'is empty', remedy);
      const records = Math.floor(data.length / (layout.labelBytes + cifarImageBytes));
      const buffers = cifarSplitBuffers(records);
      decodeCifarBatch(data, buffers, 0, { records, numClasses: layout.numClasses }, location, remedy, layout);
      splits[name] = { ...buffers, count: records, ...cifarImageShape };
    },
    remedy,
  );
  return {
    name: labelMode === 'fine' ? 'cifar100' : 'cifar100-coarse',
    train: splits[trainFile]!,
    test: splits[testFile]!,
    classNames,
  };
}
