import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './datasetError.js';
import { cachedFileRemedy, localCopyRemedy, type DatasetSourceOptions } from './datasetSource.js';
import { getFile } from './download.js';

/** Every CIFAR image is 32x32 RGB. */
export const cifarImageShape = { height: 32, width: 32, channels: 3 } as const;
const { channels } = cifarImageShape;
const pixelsPerChannel = cifarImageShape.height * cifarImageShape.width;
/** The pixel bytes of one image. */
export const cifarImageBytes = pixelsPerChannel * channels;
/** One CIFAR-10 record: a label byte, then the red, green and blue planes, each row-major. */
export const cifarRecordBytes = 1 + cifarImageBytes;

/**
 * Where a record's label is: CIFAR-10's records start with one label byte, CIFAR-100's with two
 * (the coarse label, then the fine one).
 */
export interface CifarLabelLayout {
  /** Label bytes before the pixels. */
  readonly labelBytes: number;
  /** Which of them is the label to read. */
  readonly labelByte: number;
}

export const cifar10LabelLayout: CifarLabelLayout = { labelBytes: 1, labelByte: 0 };

/** Where {@link decodeCifarBatch} writes: NHWC images and labels of a whole split. */
export interface CifarSplitBuffers {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** Zeroed buffers for a split of `count` images. */
export function cifarSplitBuffers(count: number): CifarSplitBuffers {
  return { images: new Uint8Array(count * cifarImageBytes), labels: new Uint8Array(count) };
}

/** The class names of a batches' meta file, one a line, checked to be `expected` many. */
export function parseCifarClassNames(data: Buffer, location: string, remedy: string, expected: number): string[] {
  const names = data
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== expected)
    throw new DatasetError(location, `lists ${names.length} class names, expected ${expected}`, remedy);
  return names;
}

/** A CIFAR loader's options: a local copy or the cache, and which archive to download. */
export interface CifarArchiveOptions extends DatasetSourceOptions {
  /** Archive to download; default the official binary version. */
  url?: string;
  /** md5 of the downloaded archive; default the official one. */
  md5?: string;
}

/** A CIFAR dataset's official archive, and the folder its batches are in once extracted. */
export interface CifarArchive {
  readonly fileName: string;
  readonly url: string;
  readonly md5: string;
  readonly batchFolder: string;
}

/**
 * Where a CIFAR loader reads the batches from, and what to tell the user when one is bad: the local
 * copy of `options.path` (the archive, its extracted root or its batch folder) when given, else the
 * archive, downloaded once into the cache and checked against its md5.
 */
export async function cifarSource(
  options: CifarArchiveOptions,
  official: CifarArchive,
): Promise<{ source: string; remedy: string; isLocalCopy: boolean }> {
  if (options.path !== undefined) {
    const nested = join(options.path, official.batchFolder);
    const source = (await stat(nested).catch(() => undefined))?.isDirectory() ? nested : options.path;
    return { source, remedy: localCopyRemedy(), isLocalCopy: true };
  }
  const archive = await getFile({
    ...options,
    fileName: official.fileName,
    url: options.url ?? official.url,
    md5: options.md5 ?? official.md5,
  });
  return { source: archive, remedy: cachedFileRemedy(archive), isLocalCopy: false };
}

/**
 * Checks one CIFAR binary batch (`records` records of label bytes + CHW pixels, labels below
 * `numClasses`) and writes it, converted to NHWC, into `into` from image `firstImage` on.
 */
export function decodeCifarBatch(
  batch: Uint8Array,
  into: CifarSplitBuffers,
  firstImage: number,
  expected: { records: number; numClasses: number },
  location: string,
  remedy: string,
  layout: CifarLabelLayout = cifar10LabelLayout,
): void {
  const recordBytes = layout.labelBytes + cifarImageBytes;
  if (batch.length % recordBytes !== 0) {
    throw new DatasetError(
      location,
      `size ${batch.length} bytes is not a whole number of ${recordBytes}-byte records`,
      remedy,
    );
  }
  const records = batch.length / recordBytes;
  if (records !== expected.records) {
    throw new DatasetError(location, `holds ${records} records, expected ${expected.records}`, remedy);
  }
  // Locals, not `into.images`, in the hot loop: V8 does not hoist the property loads itself.
  const { images, labels } = into;
  for (let record = 0; record < records; record++) {
    const source = record * recordBytes;
    const label = batch[source + layout.labelByte]!;
    if (label >= expected.numClasses) {
      throw new DatasetError(
        location,
        `record ${record} has label ${label}, outside 0..${expected.numClasses - 1}`,
        remedy,
      );
    }
    labels[firstImage + record] = label;
    let out = (firstImage + record) * cifarImageBytes;
    const red = source + layout.labelBytes;
    const green = red + pixelsPerChannel;
    const blue = green + pixelsPerChannel;
    for (let pixel = 0; pixel < pixelsPerChannel; pixel++) {
      images[out++] = batch[red + pixel]!;
      images[out++] = batch[green + pixel]!;
      images[out++] = batch[blue + pixel]!;
    }
  }
}
