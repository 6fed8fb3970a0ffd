import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import bmp from 'bmp-js';
import sharp, { type Sharp } from 'sharp';

/** How many channels an image is decoded to, as Keras' `color_mode`. */
export type ColorMode = 'rgb' | 'grayscale';

export interface DecodedImage {
  /** HWC uint8 pixels. */
  readonly pixels: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export const channelsOf = (colorMode: ColorMode): number => (colorMode === 'rgb' ? 3 : 1);

/**
 * Decodes an image file with sharp (libvips; BMP through bmp-js, which libvips lacks), drops any
 * alpha channel, converts to `colorMode` and, given `size` `[height, width]`, resizes bilinearly
 * without keeping the aspect ratio, as `image_dataset_from_directory` does.
 */
export async function decodeImage(
  file: string,
  colorMode: ColorMode,
  size?: readonly [number, number],
): Promise<DecodedImage> {
  let image = await openImage(file);
  image = image.removeAlpha().toColourspace(colorMode === 'rgb' ? 'srgb' : 'b-w');
  if (size) image = image.resize(size[1], size[0], { fit: 'fill', kernel: 'linear' });
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  const channels = channelsOf(colorMode);
  if (info.channels !== channels) throw new Error(`decoded to ${info.channels} channels instead of ${channels}`);
  return {
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    height: info.height,
    width: info.width,
    channels,
  };
}

/** The `[height, width]` an image file declares, read from its header. */
export async function imageSize(file: string): Promise<[number, number]> {
  const { height, width } = await (await openImage(file)).metadata();
  if (!height || !width) throw new Error('the file declares no image size');
  return [height, width];
}

async function openImage(file: string): Promise<Sharp> {
  if (extname(file).toLowerCase() !== '.bmp') return sharp(file, { failOn: 'error' });
  const decoded = bmp.decode(await readFile(file));
  // bmp-js gives ABGR bytes; sharp wants RGB.
  const rgb = Buffer.alloc(decoded.width * decoded.height * 3);
  for (let pixel = 0; pixel < decoded.width * decoded.height; pixel++) {
    rgb[pixel * 3] = decoded.data[pixel * 4 + 3]!;
    rgb[pixel * 3 + 1] = decoded.data[pixel * 4 + 2]!;
    rgb[pixel * 3 + 2] = decoded.data[pixel * 4 + 1]!;
  }
  return sharp(rgb, { raw: { width: decoded.width, height: decoded.height, channels: 3 } });
}
