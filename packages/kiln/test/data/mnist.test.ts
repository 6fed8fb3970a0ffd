import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DatasetError } from '../../src/data/datasetError.js';
import { loadFashionMnist, type FashionMnistFile } from '../../src/data/fashionMnist.js';
import { loadMnist, mnistClassNames } from '../../src/data/mnist.js';
import { startTestHttpServer, serveFiles, type TestHttpServer } from '../support/httpServer.js';
import { fashionMnistFiles, idxFile, md5, temporaryFolder, writeFiles } from './fixtures.js';

const files = fashionMnistFiles(24, 10);
const md5s = Object.fromEntries(
  Object.entries(files).map(([name, bytes]) => [name.replace(/\.gz$/, ''), md5(bytes)]),
) as Record<FashionMnistFile, string>;

describe('loadMnist', () => {
  let server: TestHttpServer;
  let cache: Awaited<ReturnType<typeof temporaryFolder>>;
  before(async () => {
    server = await startTestHttpServer(
      serveFiles(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`/mnist/${name}`, bytes]))),
    );
    cache = await temporaryFolder();
  });
  after(async () => {
    await server.close();
    await cache.remove();
  });

  it('reads the four IDX files of a folder as 28x28x1 digits 0..9 named mnist', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFiles(folder.path, files);
      const dataset = await loadMnist({ path: folder.path });
      assert.equal(dataset.name, 'mnist');
      assert.deepEqual(dataset.classNames, mnistClassNames);
      assert.deepEqual(
        [dataset.train.count, dataset.train.height, dataset.train.width, dataset.train.channels, dataset.test.count],
        [24, 28, 28, 1, 10],
      );
      assert.equal(dataset.train.images[13 * 784 + 5], 13);
      assert.equal(dataset.train.labels[13], 3);
    } finally {
      await folder.remove();
    }
  });

  it('shares the IDX checks: a wrong magic number is named with the file', async () => {
    const folder = await temporaryFolder();
    try {
      await writeFiles(folder.path, {
        ...files,
        't10k-images-idx3-ubyte.gz': gzipSync(idxFile([10, 28, 28], new Uint8Array(7840), 0x0903)),
      });
      await assert.rejects(
        loadMnist({ path: folder.path }),
        (error: unknown) =>
          error instanceof DatasetError &&
          error.file === join(folder.path, 't10k-images-idx3-ubyte.gz') &&
          /IDX magic number 0x00000903/.test(error.problem),
      );
    } finally {
      await folder.remove();
    }
  });

  it("downloads into the cache's mnist/ folder once, apart from Fashion-MNIST's files of the same names", async () => {
    const options = { baseUrl: `${server.url}/mnist/`, md5: md5s, cacheDir: cache.path };
    const first = await loadMnist(options);
    assert.equal(server.requests.length, 4);
    const second = await loadMnist(options);
    assert.equal(server.requests.length, 4);
    assert.deepEqual(second.test.images, first.test.images);
    assert.deepEqual(await readdir(cache.path), ['mnist']);
    assert.deepEqual((await readdir(join(cache.path, 'mnist'))).sort(), Object.keys(files).sort());
    // Fashion-MNIST's download goes to the cache folder itself and does not disturb MNIST's.
    await loadFashionMnist({ baseUrl: `${server.url}/mnist`, md5: md5s, cacheDir: cache.path });
    assert.equal(server.requests.length, 8);
    await loadMnist(options);
    assert.equal(server.requests.length, 8);
  });

  it('refuses a download that fails its md5 and caches nothing of it', async () => {
    const other = await temporaryFolder();
    try {
      await assert.rejects(
        loadMnist({
          baseUrl: `${server.url}/mnist/`,
          md5: { ...md5s, 'train-images-idx3-ubyte': '0'.repeat(32) },
          cacheDir: other.path,
        }),
        (error: unknown) => error instanceof DatasetError && /md5 .* expected 0{32}/.test(error.problem),
      );
      assert.deepEqual(await readdir(join(other.path, 'mnist')), []);
    } finally {
      await other.remove();
    }
  });
});
