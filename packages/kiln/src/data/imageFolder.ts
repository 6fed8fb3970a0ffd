import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { kilnHome } from './cacheDir.js';
import { DatasetError, describeError } from './datasetError.js';
import { channelsOf, decodeImage, imageSize, type ColorMode } from './decodeImage.js';
import { shuffleExamples, splitExamples } from './examples.js';
import { readFolderCache, writeFolderCache, type DecodedFolder } from './imageFolderCache.js';
import type { ImageDataset, ImageSet, SkippedFile } from './types.js';

/** The image files an image folder's class sub-folders may hold, as Keras reads them. */
export const imageExtensions = ['.png', '.jpg', '.jpeg', '.bmp', '.webp'] as const;

export interface ImageFolderOptions {
  /** `[height, width]` every image is resized to; default the images' own size when they all agree. */
  readonly imageSize?: readonly [number, number];
  /** Default `rgb` (3 channels); `grayscale` gives 1. */
  readonly colorMode?: ColorMode;
  /** Skip (and list in `skipped`) images that cannot be decoded, instead of failing. */
  readonly skipBadImages?: boolean;
  /** A folder of the same layout holding the test images. */
  readonly testDirectory?: string;
  /** Or: a seeded fraction of the images held out for testing. */
  readonly testSplit?: number;
  /** Seeds the shuffle of the training images and the test split; default 1337. */
  readonly seed?: number;
  /** Where decoded folders are cached; default `<kilnHome>/cache/image-folders`; `false` turns caching off. */
  readonly cacheDir?: string | false;
  /** Images decoded at once; default twice the cores. */
  readonly concurrency?: number;
  /** Called once with `true` when the decoded images came from the cache. */
  readonly onCache?: (hit: boolean, file: string) => void;
}

/**
 * Loads `root/<class>/*.{png,jpg,jpeg,bmp,webp}` as `keras.utils.image_dataset_from_directory`
 * does: class names are the sub-folders' names, sorted; images are decoded (sharp, in parallel),
 * converted to `colorMode` and resized to `imageSize`; the training images come shuffled by
 * `seed`, so a validation split of their last fraction is a seeded random one. Decoded pixels are
 * cached, keyed by the files' paths, sizes and modification times, so a second load reads one file.
 */
export async function loadImageFolder(root: string, options: ImageFolderOptions = {}): Promise<ImageDataset> {
  const seed = options.seed ?? 1337;
  if (options.testDirectory !== undefined && options.testSplit !== undefined) {
    throw new RangeError('pass a test folder or a test split, not both');
  }
  const train = await decodeFolder(root, options);
  let trainSet = shuffleExamples(train.set, seed);
  let testSet: ImageSet = { ...trainSet, images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
  const skipped = [...train.skipped];
  if (options.testDirectory !== undefined) {
    const test = await decodeFolder(options.testDirectory, {
      ...options,
      imageSize: options.imageSize ?? [train.set.height, train.set.width],
    });
    testSet = relabel(test, train.classNames, options.testDirectory);
    skipped.push(...test.skipped);
  } else if (options.testSplit !== undefined) {
    if (trainSet.count < 2)
      throw new RangeError(`${root} has ${trainSet.count} image(s): too few to split off a test set`);
    const { kept, held } = splitExamples(train.set, options.testSplit, seed);
    trainSet = kept;
    testSet = held;
  }
  return { name: resolve(root), train: trainSet, test: testSet, classNames: train.classNames, skipped };
}

/** The class folders and image files under `root`, sorted, with each file's class index. */
async function listImages(root: string): Promise<{ classNames: string[]; files: { path: string; label: number }[] }> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    throw new DatasetError(
      root,
      `cannot read the folder (${describeError(error)})`,
      'Pass a folder of class sub-folders',
    );
  });
  const classNames = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const files: { path: string; label: number }[] = [];
  for (const [label, className] of classNames.entries()) {
    const names = (await readdir(join(root, className))).filter((name) =>
      (imageExtensions as readonly string[]).includes(extname(name).toLowerCase()),
    );
    for (const name of names.sort()) files.push({ path: join(root, className, name), label });
  }
  if (files.length === 0) {
    throw new DatasetError(
      root,
      'holds no images in class sub-folders',
      `Lay it out as ${root}/<class>/<image>.{${imageExtensions.map((e) => e.slice(1)).join(',')}}`,
    );
  }
  if (classNames.length > 256)
    throw new DatasetError(root, `has ${classNames.length} classes`, 'Kiln takes at most 256');
  return { classNames, files };
}

async function decodeFolder(root: string, options: ImageFolderOptions): Promise<DecodedFolder> {
  const { classNames, files } = await listImages(root);
  const colorMode = options.colorMode ?? 'rgb';
  const stats = await Promise.all(files.map((file) => stat(file.path)));
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        root: resolve(root),
        size: options.imageSize ?? 'auto',
        colorMode,
        skipBadImages: options.skipBadImages ?? false,
        files: files.map((file, i) => [file.path, file.label, stats[i]!.size, stats[i]!.mtimeMs]),
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const cacheFile =
    options.cacheDir === false
      ? undefined
      : join(options.cacheDir ?? join(kilnHome(), 'cache', 'image-folders'), `${key}.bin`);
  if (cacheFile) {
    const cached = await readFolderCache(cacheFile);
    options.onCache?.(cached !== undefined, cacheFile);
    if (cached) return cached;
  }
  const skipped: SkippedFile[] = [];
  const bad = (file: string, error: unknown): void => {
    const reason = describeError(error);
    if (!options.skipBadImages) {
      throw new DatasetError(
        file,
        `cannot be decoded as an image (${reason})`,
        'Fix or delete it, or pass --skip-bad-images',
      );
    }
    skipped.push({ file, reason });
  };
  const concurrency = options.concurrency ?? 2 * availableParallelism();
  let size = options.imageSize;
  let usable = files;
  if (!size) {
    const sizes = await mapConcurrently(files, concurrency, (file) =>
      imageSize(file.path).catch((error: unknown) => bad(file.path, error)),
    );
    usable = files.filter((_, i) => sizes[i] !== undefined);
    const known = sizes.filter((s): s is [number, number] => s !== undefined);
    if (known.length === 0) throw new DatasetError(root, 'holds no image that decodes', 'Check the files');
    const [first] = known;
    const other = known.findIndex((s) => s[0] !== first![0] || s[1] !== first![1]);
    if (other >= 0) {
      const at = (i: number) => `${usable[i]!.path} is ${known[i]![0]}x${known[i]![1]}`;
      throw new DatasetError(
        root,
        `holds images of different sizes (${at(0)}, ${at(other)}; height x width)`,
        'Pass the size to resize them to, e.g. --image-size 64,64 (imageSize: [64, 64])',
      );
    }
    size = first;
  }
  const [height, width] = size!;
  const channels = channelsOf(colorMode);
  const decoded = await mapConcurrently(usable, concurrency, (file) =>
    decodeImage(file.path, colorMode, [height, width]).catch((error: unknown) => bad(file.path, error)),
  );
  const kept = usable.filter((_, i) => decoded[i] !== undefined);
  const imageBytes = height * width * channels;
  const images = new Uint8Array(kept.length * imageBytes);
  let position = 0;
  for (const image of decoded) if (image) images.set(image.pixels, position++ * imageBytes);
  const folder: DecodedFolder = {
    set: { images, labels: Uint8Array.from(kept, (file) => file.label), count: kept.length, height, width, channels },
    classNames,
    skipped,
  };
  if (cacheFile) await writeFolderCache(cacheFile, folder);
  return folder;
}

/** Maps the test folder's class indices onto the training folder's class names. */
function relabel(test: DecodedFolder, classNames: readonly string[], testRoot: string): ImageSet {
  const mapping = test.classNames.map((name) => {
    const index = classNames.indexOf(name);
    if (index < 0)
      throw new DatasetError(
        testRoot,
        `has a class '${name}' the training folder lacks`,
        `Use the classes ${classNames.join(', ')}`,
      );
    return index;
  });
  return { ...test.set, labels: test.set.labels.map((label) => mapping[label]!) };
}

/** `items.map(work)` with at most `concurrency` calls in flight, results in order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
