import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatasetError } from '../../src/data/datasetError.js';
import { fashionMnistClassNames, loadFashionMnist, type FashionMnistFile } from '../../src/data/fashionMnist.js';
import { startTestHttpServer, serveFiles, type TestHttpServer } from '../support/httpServer.js';
import { fashionMnistFiles, idxFile, md5, temporaryFolder, writeFiles } from './fixtures.js';

const files = fashionMnistFiles(30, 12);
const md5s = Object.fromEntries(
  Object.entries(files).map(([name, bytes]) => [name.replace(/\.gz$/, ''), md5(bytes)]),
) as Record<FashionMnistFile, string>;

describe('loadFashionMnist from a local folder', () => {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeEach(async () => {
    folder = await temporaryFolder();
  });
  afterEach(() => folder.remove());

  it('reads the four gzipped IDX files as 28x28x1 images with their labels', async () => {
    await writeFiles(folder.path, files);
    const dataset = await loadFashionMnist({ path: folder.path });
    assert.equal(dataset.name, 'fashion-mnist');
    assert.deepEqual(dataset.classNames, fashionMnistClassNames);
    assert.equal(dataset.classNames[0], 'T-shirt/top');
    assert.deepEqual(
      [dataset.train.count, dataset.train.height, dataset.train.width, dataset.train.channels, dataset.test.count],
      [30, 28, 28, 1, 12],
    );
    assert.equal(dataset.train.images[17 * 784 + 400], 17);
    assert.equal(dataset.train.labels[17], 7);
    assert.equal(dataset.test.images.length, 12 * 784);
  });

  it('reads uncompressed IDX files too', async () => {
    await writeFiles(
      folder.path,
      Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name.replace(/\.gz$/, ''), gunzipSync(bytes)])),
    );
    const dataset = await loadFashionMnist({ path: folder.path });
    assert.equal(dataset.test.labels[11], 1);
  });

  it('names a missing file and says what to do', async () => {
    const { 't10k-labels-idx1-ubyte.gz': _left, ...others } = files;
    await writeFiles(folder.path, others);
    await assert.rejects(
      loadFashionMnist({ path: folder.path }),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.file === join(folder.path, 't10k-labels-idx1-ubyte.gz') &&
        /neither t10k-labels-idx1-ubyte\.gz nor t10k-labels-idx1-ubyte/.test(error.problem) &&
        /--data/.test(error.remedy),
    );
  });

  it('rejects an IDX file with a wrong magic number', async () => {
    await writeFiles(folder.path, {
      ...files,
      'train-labels-idx1-ubyte.gz': gzipSync(idxFile([30], new Uint8Array(30), 0x0803)),
    });
    await assert.rejects(
      loadFashionMnist({ path: folder.path }),
      /train-labels-idx1-ubyte\.gz: has IDX magic number 0x00000803, expected 0x00000801/,
    );
  });

  it('rejects a truncated gzip file', async () => {
    const images = files['train-images-idx3-ubyte.gz']!;
    await writeFiles(folder.path, { ...files, 'train-images-idx3-ubyte.gz': images.subarray(0, images.length - 20) });
    await assert.rejects(
      loadFashionMnist({ path: folder.path }),
      /train-images-idx3-ubyte\.gz: is a corrupt or truncated gzip file/,
    );
  });

  it('rejects labels that do not match the images in count or range', async () => {
    await writeFiles(folder.path, {
      ...files,
      't10k-labels-idx1-ubyte.gz': gzipSync(idxFile([11], new Uint8Array(11))),
    });
    await assert.rejects(
      loadFashionMnist({ path: folder.path }),
      /holds 11 labels but .*t10k-images-idx3-ubyte\.gz holds 12 images/,
    );
    await writeFiles(folder.path, {
      ...files,
      't10k-labels-idx1-ubyte.gz': gzipSync(
        idxFile(
          [12],
          Uint8Array.from({ length: 12 }, (_, i) => (i === 5 ? 10 : 0)),
        ),
      ),
    });
    await assert.rejects(loadFashionMnist({ path: folder.path }), /label 5 is 10, outside 0\.\.9/);
  });

  it('rejects images that are not 28x28', async () => {
    await writeFiles(folder.path, {
      ...files,
      't10k-images-idx3-ubyte.gz': gzipSync(idxFile([12, 32, 32], new Uint8Array(12 * 1024))),
    });
    await assert.rejects(loadFashionMnist({ path: folder.path }), /holds 32x32 images, expected 28x28/);
  });
});

describe('loadFashionMnist downloading', () => {
  let server: TestHttpServer;
  let cache: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    server = await startTestHttpServer(
      serveFiles(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`/fmnist/${name}`, bytes]))),
    );
    cache = await temporaryFolder();
  });
  after(async () => {
    await server.close();
    await cache.remove();
  });

  it('downloads the four files once and loads later calls from the cache without a request', async () => {
    const options = { baseUrl: `${server.url}/fmnist`, md5: md5s, cacheDir: cache.path };
    const first = await loadFashionMnist(options);
    assert.equal(server.requests.length, 4);
    const second = await loadFashionMnist(options);
    assert.equal(server.requests.length, 4);
    assert.deepEqual(second.train.images, first.train.images);
    assert.deepEqual((await readdir(cache.path)).sort(), Object.keys(files).sort());
  });

  it('tells the user to delete a cached file that turns out bad', async () => {
    const cached = join(cache.path, 'train-labels-idx1-ubyte.gz');
    const bad = gzipSync(idxFile([30], new Uint8Array(30), 0x0901));
    await writeFile(cached, bad);
    // The md5 is told to match, so the file is only found bad when parsed.
    const options = {
      baseUrl: `${server.url}/fmnist`,
      md5: { ...md5s, 'train-labels-idx1-ubyte': md5(bad) },
      cacheDir: cache.path,
    };
    await assert.rejects(
      loadFashionMnist(options),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.file === cached &&
        error.remedy === `Delete ${cached} and run again to download it afresh`,
    );
    await rm(cached);
  });
});
