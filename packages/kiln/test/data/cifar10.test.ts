import assert from 'node:assert/strict';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadCifar10, readCifar10 } from '../../src/data/cifar10.js';
import { DatasetError } from '../../src/data/datasetError.js';
import { startTestHttpServer, serveFiles, type TestHttpServer } from '../support/httpServer.js';
import {
  cifarBatch,
  cifarPixel,
  isDatasetError,
  md5,
  packCifarFolder,
  temporaryFolder,
  writeCifarFolder,
} from './fixtures.js';

const records = 20;
const remedy = 'Pass a valid copy';

describe('readCifar10', () => {
  let root: Awaited<ReturnType<typeof temporaryFolder>>;
  let batchFolder: string;
  let archive: string;

  before(async () => {
    root = await temporaryFolder();
    batchFolder = await writeCifarFolder(root.path, records);
    archive = await packCifarFolder(root.path);
  });
  after(() => root.remove());

  it('reads the five training batches in order, the test batch and the class names from a .tar.gz', async () => {
    const dataset = await readCifar10(archive, remedy, records);
    assert.equal(dataset.name, 'cifar10');
    assert.deepEqual(dataset.classNames, [
      'airplane',
      'automobile',
      'bird',
      'cat',
      'deer',
      'dog',
      'frog',
      'horse',
      'ship',
      'truck',
    ]);
    assert.deepEqual(
      [dataset.train.count, dataset.train.height, dataset.train.width, dataset.train.channels, dataset.test.count],
      [5 * records, 32, 32, 3, records],
    );
    assert.equal(dataset.train.images.length, 5 * records * 3072);
    // Batch 3's record 4 lands at training image 2 * records + 4, its pixel (1, 2) in NHWC.
    const image = 2 * records + 4;
    const pixel = 1 * 32 + 2;
    const at = image * 3072 + pixel * 3;
    assert.deepEqual(
      [...dataset.train.images.subarray(at, at + 3)],
      [0, 1, 2].map((channel) => cifarPixel(4, channel, pixel)),
    );
    assert.equal(dataset.train.labels[image], 4);
    assert.equal(dataset.test.labels[4], 5);
  });

  it('reads the same data from an uncompressed .tar, the extracted folder and cifar-10-batches-bin itself', async () => {
    const reference = await readCifar10(archive, remedy, records);
    const tarball = await packCifarFolder(root.path, 'cifar-10-binary.tar');
    for (const source of [tarball, batchFolder]) {
      const dataset = await readCifar10(source, remedy, records);
      assert.deepEqual(dataset.train.images, reference.train.images, source);
      assert.deepEqual(dataset.test.labels, reference.test.labels, source);
    }
  });

  it('is what loadCifar10 reads from a given folder, whose six batches hold one count (a smaller copy too)', async () => {
    const viaLoader = await loadCifar10({ path: root.path });
    const reference = await readCifar10(archive, remedy, records);
    assert.equal(viaLoader.train.count, 5 * records);
    assert.deepEqual(viaLoader.train.images, reference.train.images);
    assert.deepEqual(viaLoader.test.labels, reference.test.labels);
  });

  it('rejects a given copy whose batches disagree on their size, naming the batch and both counts', async () => {
    const other = await temporaryFolder();
    try {
      const shortLabels = Array.from({ length: records - 1 }, (_, i) => i % 10);
      const folder = await writeCifarFolder(other.path, records, { 'data_batch_4.bin': cifarBatch(shortLabels) });
      const error = await loadCifar10({ path: other.path }).catch((caught: unknown) => caught);
      assert.ok(error instanceof DatasetError);
      assert.equal(error.file, join(folder, 'data_batch_4.bin'));
      assert.match(error.problem, new RegExp(`holds ${records - 1} records, expected ${records}`));
      assert.match(error.remedy, /--data/);
    } finally {
      await other.remove();
    }
  });

  it('rejects a truncated .tar.gz with a clear error', async () => {
    const bytes = await readFile(archive);
    const cut = join(root.path, 'cut.tar.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(readCifar10(cut, remedy, records), isDatasetError(cut, /truncated|not a readable/));
  });

  it('rejects a gzip stream whose contents are corrupt', async () => {
    const bytes = Buffer.from(await readFile(archive));
    for (let i = 100; i < 140; i++) bytes[i] ^= 0xff;
    const corrupt = join(root.path, 'corrupt.tar.gz');
    await writeFile(corrupt, bytes);
    await assert.rejects(readCifar10(corrupt, remedy, records), isDatasetError(corrupt, /not a readable tar/));
  });

  it('rejects a valid gzip holding a tar archive cut short', async () => {
    const tarBytes = gunzipSync(await readFile(archive));
    const cut = join(root.path, 'cut-tar.tar.gz');
    await writeFile(cut, gzipSync(tarBytes.subarray(0, 3 * 512 + 10 * 3073)));
    await assert.rejects(
      readCifar10(cut, remedy, records),
      isDatasetError(/cut-tar\.tar\.gz/, /cut short|truncated|not a readable/),
    );
  });

  it('rejects a file that is not an archive at all', async () => {
    const garbage = join(root.path, 'garbage.tar.gz');
    await writeFile(garbage, Buffer.from('this is not a tarball, just some text that goes on for a while'.repeat(20)));
    await assert.rejects(readCifar10(garbage, remedy, records), isDatasetError(garbage, /./));
  });

  it('names the missing member of an archive', async () => {
    const other = await temporaryFolder();
    try {
      await writeCifarFolder(other.path, records, { 'data_batch_4.bin': undefined });
      const partial = await packCifarFolder(other.path);
      await assert.rejects(
        readCifar10(partial, remedy, records),
        isDatasetError(partial, /archive has no data_batch_4\.bin/),
      );
    } finally {
      await other.remove();
    }
  });

  it('names the missing file of a folder', async () => {
    const other = await temporaryFolder();
    try {
      const folder = await writeCifarFolder(other.path, records, { 'test_batch.bin': undefined });
      await assert.rejects(
        readCifar10(folder, remedy, records),
        isDatasetError(join(folder, 'test_batch.bin'), /missing from /),
      );
    } finally {
      await other.remove();
    }
  });

  it('names the archive member with a wrong record length or a bad label', async () => {
    const other = await temporaryFolder();
    try {
      await writeCifarFolder(other.path, records, {
        'data_batch_2.bin': cifarBatch(Array.from({ length: records }, () => 1)).subarray(0, records * 3073 - 1),
      });
      const archiveWithShortBatch = await packCifarFolder(other.path);
      await assert.rejects(
        readCifar10(archiveWithShortBatch, remedy, records),
        isDatasetError(
          `${archiveWithShortBatch}:cifar-10-batches-bin/data_batch_2.bin`,
          /not a whole number of 3073-byte records/,
        ),
      );
      await writeCifarFolder(other.path, records, {
        'data_batch_2.bin': cifarBatch(Array.from({ length: records }, (_, i) => (i === 7 ? 12 : 1))),
      });
      const archiveWithBadLabel = await packCifarFolder(other.path, 'bad-label.tar.gz');
      await assert.rejects(
        readCifar10(archiveWithBadLabel, remedy, records),
        isDatasetError(/data_batch_2\.bin$/, /record 7 has label 12/),
      );
    } finally {
      await other.remove();
    }
  });

  it('rejects class names that are not ten', async () => {
    const other = await temporaryFolder();
    try {
      const folder = await writeCifarFolder(other.path, records, { 'batches.meta.txt': 'cat\ndog\n' });
      await assert.rejects(
        readCifar10(folder, remedy, records),
        isDatasetError(/batches\.meta\.txt$/, /lists 2 class names, expected 10/),
      );
    } finally {
      await other.remove();
    }
  });
});

describe('loadCifar10', () => {
  let server: TestHttpServer;
  let cache: Awaited<ReturnType<typeof temporaryFolder>>;
  const archiveBytes = Buffer.from('pretend archive');

  before(async () => {
    server = await startTestHttpServer(serveFiles({ '/cifar.tar.gz': archiveBytes }));
    cache = await temporaryFolder();
  });
  after(async () => {
    await server.close();
    await cache.remove();
  });

  it('says a given path does not exist', async () => {
    const missing = join(cache.path, 'nowhere.tar.gz');
    await assert.rejects(loadCifar10({ path: missing }), isDatasetError(missing, /no such file or folder/));
  });

  it('refuses a download whose md5 does not match and keeps nothing in the cache', async () => {
    await assert.rejects(
      loadCifar10({ url: `${server.url}/cifar.tar.gz`, cacheDir: cache.path, md5: 'c32a1d4ab5d03f1284b67883e8d87530' }),
      isDatasetError(`${server.url}/cifar.tar.gz`, /md5 .* expected c32a1d4ab5d03f1284b67883e8d87530/),
    );
    assert.deepEqual(await readdir(cache.path), []);
  });

  it('parses the downloaded archive and tells the user to delete the cached file when it is bad', async () => {
    await assert.rejects(
      loadCifar10({ url: `${server.url}/cifar.tar.gz`, cacheDir: cache.path, md5: md5(archiveBytes) }),
      (error: unknown) => {
        const cached = join(cache.path, 'cifar-10-binary.tar.gz');
        assert.ok(error instanceof DatasetError);
        assert.equal(error.file, cached);
        assert.match(error.remedy, new RegExp(`Delete ${cached.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        return true;
      },
    );
    await rm(join(cache.path, 'cifar-10-binary.tar.gz'));
  });
});
