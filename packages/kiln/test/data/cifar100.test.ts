import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCifar100, readCifar100 } from '../../src/data/cifar100.js';
import { DatasetError } from '../../src/data/datasetError.js';
import { startTestHttpServer, serveFiles, type TestHttpServer } from '../support/httpServer.js';
import {
  cifar100Labels,
  cifar100Records,
  cifarPixel,
  isDatasetError,
  md5,
  packCifar100Folder,
  temporaryFolder,
  writeCifar100Folder,
} from './fixtures.js';

const trainCount = 30;
const testCount = 12;
const remedy = 'Pass a valid copy';

describe('readCifar100', () => {
  let root: Awaited<ReturnType<typeof temporaryFolder>>;
  let folder: string;
  let archive: string;

  before(async () => {
    root = await temporaryFolder();
    folder = await writeCifar100Folder(root.path, trainCount, testCount);
    archive = await packCifar100Folder(root.path);
  });
  after(() => root.remove());

  it('reads fine labels by default, as Keras: 100 class names, NHWC images, every record', async () => {
    const dataset = await readCifar100(archive, remedy);
    assert.equal(dataset.name, 'cifar100');
    assert.equal(dataset.classNames.length, 100);
    assert.equal(dataset.classNames[42], 'fine42');
    assert.deepEqual(
      [dataset.train.count, dataset.train.height, dataset.train.width, dataset.train.channels, dataset.test.count],
      [trainCount, 32, 32, 3, testCount],
    );
    assert.deepEqual(
      [...dataset.train.labels],
      cifar100Labels(trainCount).map(([, fine]) => fine),
    );
    assert.deepEqual(
      [...dataset.test.labels],
      cifar100Labels(testCount, 1).map(([, fine]) => fine),
    );
    // Record 5's pixel (2, 3), channels last.
    const pixel = 2 * 32 + 3;
    const at = 5 * 3072 + pixel * 3;
    assert.deepEqual(
      [...dataset.train.images.subarray(at, at + 3)],
      [0, 1, 2].map((channel) => cifarPixel(5, channel, pixel)),
    );
  });

  it('reads the 20 coarse labels and their names with labelMode coarse, as a dataset of its own name', async () => {
    const dataset = await readCifar100(archive, remedy, 'coarse');
    assert.equal(dataset.name, 'cifar100-coarse');
    assert.deepEqual(
      dataset.classNames,
      Array.from({ length: 20 }, (_, i) => `coarse${i}`),
    );
    assert.deepEqual(
      [...dataset.train.labels],
      cifar100Labels(trainCount).map(([coarse]) => coarse),
    );
    const fine = await readCifar100(archive, remedy, 'fine');
    assert.deepEqual(dataset.train.images, fine.train.images);
  });

  it('is what loadCifar100 reads from an uncompressed .tar, the extracted folder and cifar-100-binary itself', async () => {
    const reference = await readCifar100(archive, remedy);
    const tarball = await packCifar100Folder(root.path, 'cifar-100-binary.tar');
    for (const path of [tarball, root.path, folder]) {
      const dataset = await loadCifar100({ path });
      assert.deepEqual(dataset.train.images, reference.train.images, path);
      assert.deepEqual(dataset.test.labels, reference.test.labels, path);
    }
  });

  it('rejects a truncated .tar.gz with a clear error', async () => {
    const bytes = await readFile(archive);
    const cut = join(root.path, 'cut.tar.gz');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(readCifar100(cut, remedy), isDatasetError(cut, /truncated|not a readable/));
  });

  it('names the member with a wrong record length, a label out of range, or too few class names', async () => {
    const other = await temporaryFolder();
    try {
      await writeCifar100Folder(other.path, trainCount, testCount, {
        'test.bin': cifar100Records(cifar100Labels(testCount)).subarray(0, testCount * 3074 - 1),
      });
      const short = await packCifar100Folder(other.path, 'short.tar.gz');
      await assert.rejects(
        readCifar100(short, remedy),
        isDatasetError(`${short}:cifar-100-binary/test.bin`, /not a whole number of 3074-byte records/),
      );
      await writeCifar100Folder(other.path, trainCount, testCount, {
        'train.bin': cifar100Records([...cifar100Labels(3), [19, 100]]),
      });
      const badLabel = await packCifar100Folder(other.path, 'bad-label.tar.gz');
      await assert.rejects(readCifar100(badLabel, remedy), isDatasetError(/train\.bin$/, /record 3 has label 100/));
      // The same record's coarse label (19) is in range.
      assert.equal((await readCifar100(badLabel, remedy, 'coarse')).train.labels[3], 19);
      await writeCifar100Folder(other.path, trainCount, testCount, { 'coarse_label_names.txt': 'a\nb\n' });
      await assert.rejects(
        readCifar100(join(other.path, 'cifar-100-binary'), remedy, 'coarse'),
        isDatasetError(/coarse_label_names\.txt$/, /lists 2 class names, expected 20/),
      );
    } finally {
      await other.remove();
    }
  });

  it('names the missing member of an archive', async () => {
    const other = await temporaryFolder();
    try {
      await writeCifar100Folder(other.path, trainCount, testCount, { 'fine_label_names.txt': undefined });
      const partial = await packCifar100Folder(other.path);
      await assert.rejects(
        readCifar100(partial, remedy),
        isDatasetError(partial, /archive has no fine_label_names\.txt/),
      );
    } finally {
      await other.remove();
    }
  });

  it('rejects a label mode other than fine or coarse', async () => {
    await assert.rejects(
      loadCifar100({ path: archive, labelMode: 'medium' as 'fine' }),
      /labelMode must be 'fine' or 'coarse', got "medium"/,
    );
  });
});

describe('loadCifar100 downloading', () => {
  let root: Awaited<ReturnType<typeof temporaryFolder>>;
  let server: TestHttpServer;
  let archiveBytes: Buffer;

  before(async () => {
    root = await temporaryFolder();
    await writeCifar100Folder(root.path, trainCount, testCount);
    archiveBytes = await readFile(await packCifar100Folder(root.path));
    const files = serveFiles({
      '/c100.tar.gz': archiveBytes,
      '/half.tar.gz': archiveBytes.subarray(0, Math.floor(archiveBytes.length / 2)),
    });
    server = await startTestHttpServer((request: IncomingMessage, response: ServerResponse) => {
      if (request.url === '/cut-off.tar.gz') {
        // Announces the whole archive, sends a part, and hangs up.
        response.writeHead(200, { 'content-length': String(archiveBytes.length) });
        response.write(archiveBytes.subarray(0, 1000), () => response.socket?.destroy());
        return;
      }
      files(request, response);
    });
  });
  after(async () => {
    await server.close();
    await root.remove();
  });

  it('downloads the archive once, checked by md5, and reads later calls (either label mode) from the cache', async () => {
    const cache = await temporaryFolder();
    try {
      const options = { url: `${server.url}/c100.tar.gz`, md5: md5(archiveBytes), cacheDir: cache.path };
      const first = await loadCifar100(options);
      assert.equal(server.requests.filter((url) => url === '/c100.tar.gz').length, 1);
      const coarse = await loadCifar100({ ...options, labelMode: 'coarse' });
      assert.equal(server.requests.filter((url) => url === '/c100.tar.gz').length, 1);
      assert.deepEqual(await readdir(cache.path), ['cifar-100-binary.tar.gz']);
      assert.deepEqual(coarse.train.images, first.train.images);
      assert.deepEqual([first.classNames.length, coarse.classNames.length], [100, 20]);
    } finally {
      await cache.remove();
    }
  });

  for (const [what, path, problem] of [
    ['a truncated archive (md5 mismatch)', '/half.tar.gz', /md5 .* expected/],
    ['a connection cut off mid-download', '/cut-off.tar.gz', /interrupted after 1000 of/],
  ] as const) {
    it(`refuses ${what} and leaves nothing in the cache`, async () => {
      const cache = await temporaryFolder();
      try {
        await assert.rejects(
          loadCifar100({ url: `${server.url}${path}`, md5: md5(archiveBytes), cacheDir: cache.path }),
          isDatasetError(`${server.url}${path}`, problem),
        );
        assert.deepEqual(await readdir(cache.path), []);
      } finally {
        await cache.remove();
      }
    });
  }

  it('tells the user to delete a cached archive that passes its md5 but is not a CIFAR-100 archive', async () => {
    const cache = await temporaryFolder();
    try {
      const half = archiveBytes.subarray(0, Math.floor(archiveBytes.length / 2));
      const cached = join(cache.path, 'cifar-100-binary.tar.gz');
      await assert.rejects(
        loadCifar100({ url: `${server.url}/half.tar.gz`, md5: md5(half), cacheDir: cache.path }),
        (error: unknown) =>
          isDatasetError(cached, /truncated|not a readable/)(error) &&
          (error as DatasetError).remedy === `Delete ${cached} and run again to download it afresh`,
      );
    } finally {
      await cache.remove();
    }
  });
});
