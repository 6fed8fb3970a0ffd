import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/index.js';
import type { ImageSet, SkippedFile } from './types.js';

/** What an image folder decoded to, as the cache keeps it. */
export interface DecodedFolder {
  readonly set: ImageSet;
  readonly classNames: readonly string[];
  readonly skipped: readonly SkippedFile[];
}

const magic = 'KILNIMG1';

/**
 * Writes `folder` to `file`: a magic, a JSON header's length and the header, then the labels and
 * the pixels. Atomically (see writeFileAtomic), so a crash never leaves half a cache.
 */
export async function writeFolderCache(file: string, folder: DecodedFolder): Promise<void> {
  const { set } = folder;
  const header = Buffer.from(
    JSON.stringify({
      count: set.count,
      height: set.height,
      width: set.width,
      channels: set.channels,
      classNames: folder.classNames,
      skipped: folder.skipped,
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  await writeFileAtomic(file, [Buffer.from(magic), length, header, set.labels, set.images]);
}

/** Reads what `writeFolderCache` wrote; undefined when the file is missing or not a whole cache. */
export async function readFolderCache(file: string): Promise<DecodedFolder | undefined> {
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes || bytes.length < 12 || bytes.toString('latin1', 0, 8) !== magic) return undefined;
  const headerLength = bytes.readUInt32LE(8);
  try {
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as {
      count: number;
      height: number;
      width: number;
      channels: number;
      classNames: string[];
      skipped: SkippedFile[];
    };
    const labelsAt = 12 + headerLength;
    const imagesAt = labelsAt + header.count;
    const imageBytes = header.count * header.height * header.width * header.channels;
    if (bytes.length !== imagesAt + imageBytes) return undefined;
    const view = (start: number, length: number) => new Uint8Array(bytes.buffer, bytes.byteOffset + start, length);
    return {
      set: {
        images: view(imagesAt, imageBytes),
        labels: view(labelsAt, header.count),
        count: header.count,
        height: header.height,
        width: header.width,
        channels: header.channels,
      },
      classNames: header.classNames,
      skipped: header.skipped,
    };
  } catch {
    return undefined;
  }
}
