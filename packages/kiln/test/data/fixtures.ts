import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { DatasetError } from '../../src/data/datasetError.js';
import type { ImageSet } from '../../src/data/types.js';

/** A fresh temporary folder, removed by the returned `remove`. */
export async function temporaryFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'kiln-data-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * An `assert.rejects`/`assert.throws` check: the error is a DatasetError naming `file` (exactly, or
 * matching) with a `problem` that matches, and its message says what to do.
 */
export function isDatasetError(file: string | RegExp, problem: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof DatasetError, `expected a DatasetError, got ${String(error)}`);
    if (typeof file === 'string') assert.equal(error.file, file);
    else assert.match(error.file, file);
    assert.match(error.problem, problem);
    assert.ok(error.message.includes(error.remedy), 'the message says what to do');
    return true;
  };
}

export function md5(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * A CIFAR binary batch whose pixel values encode where they are: record `r`, channel `c`, pixel
 * `p` holds `(r * 7 + c * 50 + p) % 256`, so NHWC conversion can be checked exactly.
 */
export function cifarBatch(labels: readonly number[]): Uint8Array {
  const batch = new Uint8Array(labels.length * 3073);
  labels.forEach((label, record) => {
    const start = record * 3073;
    batch[start] = label;
    for (let channel = 0; channel < 3; channel++) {
      for (let pixel = 0; pixel < 1024; pixel++)
        batch[start + 1 + channel * 1024 + pixel] = cifarPixel(record, channel, pixel);
    }
  });
  return batch;
}

export function cifarPixel(record: number, channel: number, pixel: number): number {
  return (record * 7 + channel * 50 + pixel) % 256;
}

export const cifarClassNamesText = 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n';

/** A test file's contents. */
type FileContents = Uint8Array | string;
type FileReplacements = Record<string, FileContents | undefined>;

/**
 * Writes `<root>/<folderName>/` holding `files` with `replace` swapped in (`undefined` leaves a
 * file out), as an archive's top folder. Returns the folder.
 */
async function writeArchiveFolder(
  root: string,
  folderName: string,
  files: Record<string, FileContents>,
  replace: FileReplacements,
): Promise<string> {
  const folder = join(root, folderName);
  const written = Object.entries({ ...files, ...replace }).filter(
    (entry): entry is [string, FileContents] => entry[1] !== undefined,
  );
  await writeFiles(folder, Object.fromEntries(written));
  return folder;
}

/** Packs `<root>/<folderName>` into `<root>/<name>` (gzipped when the name ends in .gz). */
async function packArchiveFolder(root: string, folderName: string, name: string): Promise<string> {
  const archive = join(root, name);
  await tar.c({ gzip: name.endsWith('.gz'), file: archive, cwd: root }, [folderName]);
  return archive;
}

/**
 * Writes `<root>/cifar-10-batches-bin/` with five train batches and a test batch of
 * `recordsPerBatch` records each (labels cycle 0..9) plus `batches.meta.txt`; `replace` swaps in
 * other contents for some files (`undefined` leaves a file out). Returns the batch folder.
 */
export async function writeCifarFolder(
  root: string,
  recordsPerBatch: number,
  replace: FileReplacements = {},
): Promise<string> {
  const labels = Array.from({ length: recordsPerBatch }, (_, i) => i % 10);
  const trainBatches = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`data_batch_${n}.bin`, cifarBatch(labels)]));
  return writeArchiveFolder(
    root,
    'cifar-10-batches-bin',
    {
      ...trainBatches,
      'test_batch.bin': cifarBatch(labels.map((label) => 9 - label)),
      'batches.meta.txt': cifarClassNamesText,
    },
    replace,
  );
}

/** Packs `<root>/cifar-10-batches-bin` into `<root>/<name>` (gzipped when the name ends in .gz). */
export function packCifarFolder(root: string, name = 'cifar-10-binary.tar.gz'): Promise<string> {
  return packArchiveFolder(root, 'cifar-10-batches-bin', name);
}

/**
 * A CIFAR-100 binary file: per record its coarse label byte, its fine label byte, then the pixels
 * `cifarPixel` gives (as `cifarBatch`).
 */
export function cifar100Records(labels: readonly (readonly [coarse: number, fine: number])[]): Uint8Array {
  const records = new Uint8Array(labels.length * 3074);
  labels.forEach(([coarse, fine], record) => {
    const start = record * 3074;
    records[start] = coarse;
    records[start + 1] = fine;
    for (let channel = 0; channel < 3; channel++) {
      for (let pixel = 0; pixel < 1024; pixel++)
        records[start + 2 + channel * 1024 + pixel] = cifarPixel(record, channel, pixel);
    }
  });
  return records;
}

/** Record `i`'s labels in {@link writeCifar100Folder}: fine `(7 i) % 100`, coarse `fine % 20`. */
export function cifar100Labels(count: number, offset = 0): [number, number][] {
  return Array.from({ length: count }, (_, i) => {
    const fine = (7 * (i + offset)) % 100;
    return [fine % 20, fine];
  });
}

/**
 * Writes `<root>/cifar-100-binary/` as the official archive holds it: `train.bin` (`trainCount`
 * records), `test.bin` (`testCount`), and the fine and coarse class names (`fine3`, `coarse7`);
 * `replace` swaps in other contents (`undefined` leaves a file out). Returns the folder.
 */
export async function writeCifar100Folder(
  root: string,
  trainCount: number,
  testCount: number,
  replace: FileReplacements = {},
): Promise<string> {
  const names = (prefix: string, count: number) =>
    `${Array.from({ length: count }, (_, i) => `${prefix}${i}`).join('\n')}\n`;
  return writeArchiveFolder(
    root,
    'cifar-100-binary',
    {
      'train.bin': cifar100Records(cifar100Labels(trainCount)),
      'test.bin': cifar100Records(cifar100Labels(testCount, 1)),
      'fine_label_names.txt': names('fine', 100),
      'coarse_label_names.txt': names('coarse', 20),
    },
    replace,
  );
}

/** Packs `<root>/cifar-100-binary` into `<root>/<name>` (gzipped when the name ends in .gz). */
export function packCifar100Folder(root: string, name = 'cifar-100-binary.tar.gz'): Promise<string> {
  return packArchiveFolder(root, 'cifar-100-binary', name);
}

/** An IDX file of unsigned bytes with the given shape; `magic` overrides the header's magic. */
export function idxFile(shape: readonly number[], data: Uint8Array, magic = 0x0800 | shape.length): Uint8Array {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt32BE(magic, 0);
  shape.forEach((dim, axis) => header.writeUInt32BE(dim, 4 + 4 * axis));
  return Buffer.concat([header, data]);
}

/** Four MNIST-format IDX files (gzipped) with `train`/`test` images of 28x28; image i is filled with i, label i % 10. */
export function fashionMnistFiles(trainCount: number, testCount: number): Record<string, Uint8Array> {
  const split = (count: number) => {
    const pixels = new Uint8Array(count * 784);
    for (let i = 0; i < count; i++) pixels.fill(i % 256, i * 784, (i + 1) * 784);
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
    return { images: gzipSync(idxFile([count, 28, 28], pixels)), labels: gzipSync(idxFile([count], labels)) };
  };
  const train = split(trainCount);
  const test = split(testCount);
  return {
    'train-images-idx3-ubyte.gz': train.images,
    'train-labels-idx1-ubyte.gz': train.labels,
    't10k-images-idx3-ubyte.gz': test.images,
    't10k-labels-idx1-ubyte.gz': test.labels,
  };
}

/** Writes `files` (name -> contents) into `folder`. */
export async function writeFiles(folder: string, files: Record<string, FileContents>): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [name, contents] of Object.entries(files)) await writeFile(join(folder, name), contents);
}

/** A 2x1x1 ImageSet with the given labels whose image `i` encodes `i` (see {@link tinyImageIndex}). */
export function tinyImageSet(labels: readonly number[]): ImageSet {
  const images = new Uint8Array(labels.length * 2);
  labels.forEach((_, i) => images.set([i % 256, Math.floor(i / 256)], i * 2));
  return { images, labels: Uint8Array.from(labels), count: labels.length, height: 2, width: 1, channels: 1 };
}

/** Which image of the original {@link tinyImageSet} the `position`-th image of `set` is. */
export function tinyImageIndex(set: ImageSet, position: number): number {
  return set.images[2 * position]! + 256 * set.images[2 * position + 1]!;
}
