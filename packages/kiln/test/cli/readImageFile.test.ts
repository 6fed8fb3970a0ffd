import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { readImageFile } from '../../src/cli/readImageFile.js';

describe('readImageFile', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-image-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A width x height RGBA image whose left half is red and right half blue. */
  function halves(width: number, height: number): Buffer {
    const data = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++)
      data.set(i % width < width / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], 4 * i);
    return data;
  }

  test('a PNG of the model size becomes the same RGB pixels, alpha dropped', async () => {
    const png = new PNG({ width: 4, height: 2 });
    halves(4, 2).copy(png.data);
    const path = join(root, 'same.png');
    await writeFile(path, PNG.sync.write(png));
    const { image, originalSize } = await readImageFile(path, [2, 4, 3]);
    assert.deepEqual(originalSize, [4, 2]);
    assert.equal(image.count, 1);
    assert.deepEqual([...image.images.subarray(0, 6)], [255, 0, 0, 255, 0, 0]);
    assert.deepEqual([...image.images.subarray(18, 24)], [0, 0, 255, 0, 0, 255]);
  });

  test('a larger JPEG is resized by nearest neighbour, and greyscale models get its luma', async () => {
    const path = join(root, 'big.jpg');
    await writeFile(path, jpeg.encode({ width: 16, height: 16, data: halves(16, 16) }, 100).data);
    const { image } = await readImageFile(path, [4, 4, 1]);
    assert.equal(image.images.length, 16);
    // Luma of red is 0.299 * 255 = 76, of blue 0.114 * 255 = 29 (give or take JPEG's loss).
    assert.ok(Math.abs(image.images[0] - 76) <= 6, `left ${image.images[0]}`);
    assert.ok(Math.abs(image.images[3] - 29) <= 6, `right ${image.images[3]}`);
  });

  test('other formats, corrupt files and missing files are clear errors', async () => {
    await assert.rejects(readImageFile(join(root, 'x.gif'), [2, 2, 3]), /cannot read image/);
    const gif = join(root, 'x.gif');
    await writeFile(gif, 'GIF89a');
    await assert.rejects(readImageFile(gif, [2, 2, 3]), /only \.png, \.jpg and \.jpeg images can be read/);
    const broken = join(root, 'broken.png');
    await writeFile(broken, 'not a png');
    await assert.rejects(readImageFile(broken, [2, 2, 3]), /broken.png is not a readable PNG image/);
  });
});
