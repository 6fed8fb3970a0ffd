import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import bmp from 'bmp-js';
import sharp from 'sharp';

/** A solid-ish RGB image: `color` plus a small per-pixel pattern, so resizing has something to do. */
function pixels(width: number, height: number, color: readonly [number, number, number], channels = 3): Buffer {
  const data = Buffer.alloc(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < channels; c++) data[p * channels + c] = Math.min(255, color[c % 3]! + ((p * 7) % 20));
  }
  return data;
}

/**
 * An image folder as users have them: classes `cat` (reddish, PNG and JPEG of mixed sizes, and a
 * corrupt `broken.png`), `dog` (bluish, including one grayscale PNG and a BMP), `zebra` (one image).
 * Returns the files by role.
 */
export async function writeImageFolder(
  root: string,
  { perClass = 6, corrupt = true }: { perClass?: number; corrupt?: boolean } = {},
): Promise<{ corruptFile: string; grayscaleFile: string }> {
  for (const name of ['cat', 'dog', 'zebra']) await mkdir(join(root, name), { recursive: true });
  for (let i = 0; i < perClass; i++) {
    const [width, height] = i % 2 === 0 ? [12, 12] : [14, 10];
    const cat = sharp(pixels(width, height, [200, 30 + i, 20]), { raw: { width, height, channels: 3 } });
    await (i % 3 === 0
      ? cat.jpeg().toFile(join(root, 'cat', `c${i}.jpg`))
      : cat.png().toFile(join(root, 'cat', `c${i}.png`)));
    if (i === 1) continue; // dog's place for the grayscale image
    const dog = sharp(pixels(width, height, [20, 40 + i, 210]), { raw: { width, height, channels: 3 } });
    await dog.png().toFile(join(root, 'dog', `d${i}.png`));
  }
  const grayscaleFile = join(root, 'dog', 'gray.png');
  await sharp(pixels(12, 12, [90, 90, 90], 1), { raw: { width: 12, height: 12, channels: 1 } })
    .png()
    .toFile(grayscaleFile);
  const abgr = Buffer.alloc(12 * 12 * 4);
  for (let p = 0; p < 144; p++) abgr.set([0, 220, 50, 25], p * 4);
  await writeFile(join(root, 'dog', 'd.bmp'), bmp.encode({ data: abgr, width: 12, height: 12 }).data);
  await sharp(pixels(12, 12, [20, 200, 20]), { raw: { width: 12, height: 12, channels: 3 } })
    .png()
    .toFile(join(root, 'zebra', 'z0.png'));
  const corruptFile = join(root, 'cat', 'broken.png');
  if (corrupt) await writeFile(corruptFile, Buffer.from('\x89PNG\r\n\x1a\nthis is not a png'));
  return { corruptFile, grayscaleFile };
}

/**
 * Rows with a numeric feature `x` (some missing), a string feature `color` (one row missing), a
 * classification target `species` (decided by `x` and `color`) and a regression target `price`
 * (linear in `x`). The test rows hold a color, `purple`, no training row has.
 */
export function tableRows(count: number, offset = 0, { unseenColor = false } = {}): Record<string, string>[] {
  const colors = ['red', 'green', 'blue'];
  return Array.from({ length: count }, (_, index) => {
    const i = index + offset;
    const x = ((i * 37) % 100) / 10;
    const color = unseenColor && index === 0 ? 'purple' : colors[i % 3]!;
    const species = x > 5 ? (color === 'red' ? 'alpha' : 'beta') : 'gamma';
    return {
      x: i % 11 === 5 ? '' : x.toFixed(1),
      color: i % 13 === 7 ? '' : color,
      species,
      price: (3 * x + (color === 'blue' ? 10 : 0) + 100).toFixed(2),
    };
  });
}

/** Writes `rows` as CSV with a header. */
export async function writeCsv(file: string, rows: readonly Record<string, string>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  await writeFile(
    file,
    [columns.join(','), ...rows.map((row) => columns.map((c) => row[c]).join(','))].join('\n') + '\n',
  );
}
