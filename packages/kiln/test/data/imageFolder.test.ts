import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatasetError } from '../../src/data/datasetError.js';
import { loadImageFolder } from '../../src/data/imageFolder.js';
import { writeImageFolder } from '../support/userData.js';
import { temporaryFolder } from './fixtures.js';

describe('loadImageFolder', () => {
  let folder: { path: string; remove: () => Promise<void> };
  let root: string;
  let corruptFile: string;
  before(async () => {
    folder = await temporaryFolder();
    root = join(folder.path, 'photos');
    ({ corruptFile } = await writeImageFolder(root));
  });
  after(() => folder.remove());
  const cacheDir = () => join(folder.path, 'cache');

  it('names the corrupt file in its error unless told to skip it', async () => {
    await assert.rejects(
      loadImageFolder(root, { imageSize: [8, 8], cacheDir: false }),
      (error: unknown) =>
        error instanceof DatasetError && error.file === corruptFile && /--skip-bad-images/.test(error.message),
    );
    const dataset = await loadImageFolder(root, { imageSize: [8, 8], skipBadImages: true, cacheDir: false });
    assert.deepEqual(
      dataset.skipped?.map((s) => s.file),
      [corruptFile],
    );
  });

  it('asks for an image size when the images differ in size', async () => {
    await assert.rejects(loadImageFolder(root, { skipBadImages: true, cacheDir: false }), /--image-size/);
  });

  it('reads sorted class folders, resizes every image and converts grayscale ones to rgb', async () => {
    const dataset = await loadImageFolder(root, { imageSize: [8, 6], skipBadImages: true, cacheDir: false });
    assert.deepEqual(dataset.classNames, ['cat', 'dog', 'zebra']);
    const { train } = dataset;
    assert.deepEqual([train.count, train.height, train.width, train.channels], [6 + 7 + 1, 8, 6, 3]);
    const counts = [0, 0, 0];
    for (const label of train.labels) counts[label]!++;
    assert.deepEqual(counts, [6, 7, 1]);
    // Cat images are red, dog images blue (the BMP's colour is (25, 50, 220)), grey ones grey.
    for (let i = 0; i < train.count; i++) {
      const [r, g, b] = train.images.subarray(i * 144, i * 144 + 3);
      if (train.labels[i] === 0) assert.ok(r! > 150 && b! < 80, `cat image ${i} is red`);
      if (train.labels[i] === 1) assert.ok(b! > 80 && r! < 100, `dog image ${i} is blue or grey: ${r},${g},${b}`);
      if (train.labels[i] === 2) assert.ok(g! > 150, 'the zebra image is green');
    }
  });

  it('decodes to one channel in grayscale mode', async () => {
    const { train } = await loadImageFolder(root, {
      imageSize: [5, 5],
      colorMode: 'grayscale',
      skipBadImages: true,
      cacheDir: false,
    });
    assert.equal(train.channels, 1);
    assert.equal(train.images.length, train.count * 25);
  });

  it('splits off the same test images for the same seed, and others for another', async () => {
    const options = { imageSize: [8, 8] as const, skipBadImages: true, testSplit: 0.3, cacheDir: false as const };
    const a = await loadImageFolder(root, { ...options, seed: 3 });
    const b = await loadImageFolder(root, { ...options, seed: 3 });
    const c = await loadImageFolder(root, { ...options, seed: 4 });
    assert.equal(a.test.count, 4);
    assert.equal(a.train.count + a.test.count, 14);
    assert.deepEqual(a.test.images, b.test.images);
    assert.notDeepEqual(a.test.images, c.test.images);
  });

  it('reads a test folder with the training classes, and its default size is the training one', async () => {
    const testRoot = join(folder.path, 'test-photos');
    await writeImageFolder(testRoot, { perClass: 2, corrupt: false });
    const dataset = await loadImageFolder(root, {
      imageSize: [7, 7],
      skipBadImages: true,
      testDirectory: testRoot,
      cacheDir: false,
    });
    assert.deepEqual([dataset.test.count, dataset.test.height, dataset.test.width], [2 + 3 + 1, 7, 7]);
  });

  it('loads from its cache the second time, and decodes afresh when a file changes', async () => {
    const hits: boolean[] = [];
    const options = {
      imageSize: [8, 8] as const,
      skipBadImages: true,
      cacheDir: cacheDir(),
      onCache: (hit: boolean) => hits.push(hit),
    };
    const cold = await loadImageFolder(root, options);
    const warm = await loadImageFolder(root, options);
    assert.deepEqual(warm.train.images, cold.train.images);
    assert.deepEqual(warm.skipped, cold.skipped);
    await writeFile(
      join(root, 'zebra', 'z0.png'),
      await (
        await import('sharp')
      )
        .default({ create: { width: 9, height: 9, channels: 3, background: '#00ff00' } })
        .png()
        .toBuffer(),
    );
    await loadImageFolder(root, options);
    assert.deepEqual(hits, [false, true, false]);
  });
});
