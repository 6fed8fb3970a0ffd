import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageSet } from '../data/index.js';
import { UsageError } from './usageError.js';

export interface ImageFile {
  /** A one-image set in the model's input shape. */
  readonly image: ImageSet;
  /** `[width, height]` of the file, before any resizing. */
  readonly originalSize: readonly [number, number];
}

/**
 * Reads a PNG or JPEG as a one-image set of `height x width x channels`: other sizes are resized
 * by nearest neighbour (no smoothing: fine for a quick check, not for accuracy), alpha is dropped
 * and, for 1-channel models, colour becomes luma (ITU-R BT.601 weights).
 */
export async function readImageFile(
  path: string,
  [height, width, channels]: readonly [number, number, number],
): Promise<ImageFile> {
  const buffer = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      error.code === 'ENOENT'
        ? `cannot read image ${path}: it does not exist, check the path`
        : `cannot read image ${path}: ${error.message}`,
    );
  });
  const rgba = decode(path, buffer);
  const images = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    const sourceY = Math.min(rgba.height - 1, Math.floor(((y + 0.5) * rgba.height) / height));
    for (let x = 0; x < width; x++) {
      const sourceX = Math.min(rgba.width - 1, Math.floor(((x + 0.5) * rgba.width) / width));
      const source = 4 * (sourceY * rgba.width + sourceX);
      const target = channels * (y * width + x);
      if (channels === 1) {
        images[target] = Math.round(
          0.299 * rgba.data[source] + 0.587 * rgba.data[source + 1] + 0.114 * rgba.data[source + 2],
        );
      } else {
        for (let c = 0; c < channels; c++) images[target + c] = rgba.data[source + Math.min(c, 2)];
      }
    }
  }
  return {
    image: { images, labels: new Uint8Array(1), count: 1, height, width, channels },
    originalSize: [rgba.width, rgba.height],
  };
}

function decode(path: string, buffer: Buffer): { width: number; height: number; data: Uint8Array } {
  const extension = extname(path).toLowerCase();
  try {
    if (extension === '.png') return PNG.sync.read(buffer);
    if (extension === '.jpg' || extension === '.jpeg')
      return jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true });
  } catch (error) {
    throw new UsageError(
      `${path} is not a readable ${extension.slice(1).toUpperCase()} image (${(error as Error).message})`,
    );
  }
  throw new UsageError(`${path}: only .png, .jpg and .jpeg images can be read`);
}
