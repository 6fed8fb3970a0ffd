import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { DatasetError } from '../../src/data/datasetError.js';
import { getFile, md5File } from '../../src/data/download.js';
import type { DownloadProgress } from '../../src/data/progressBar.js';
import { startTestHttpServer, serveFiles, type TestHttpServer } from '../support/httpServer.js';
import { md5, temporaryFolder } from './fixtures.js';

const body = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));
const announcedBytes = 100_000;

describe('getFile', () => {
  let server: TestHttpServer;
  let cache: Awaited<ReturnType<typeof temporaryFolder>>;
  const serveBody = serveFiles({ '/file.bin': body });

  before(async () => {
    server = await startTestHttpServer((request, response) => {
      switch (request.url) {
        case '/moved':
          response.writeHead(302, { location: '/file.bin' }).end();
          return;
        case '/cut':
          // Promise a large body, send part of it, then drop the connection.
          response.writeHead(200, { 'content-length': String(announcedBytes) });
          response.write(body.subarray(0, 1000), () => response.socket?.destroy());
          return;
        case '/short':
          // Announce more than is sent, then close the connection cleanly.
          response.writeHead(200, { 'content-length': String(announcedBytes) });
          response.write(body.subarray(0, 5000), () => response.socket?.end());
          return;
        case '/stall':
          response.writeHead(200, { 'content-length': String(announcedBytes) });
          response.write(body.subarray(0, 1000));
          return;
        default:
          serveBody(request, response);
      }
    });
  });
  after(() => server.close());
  beforeEach(async () => {
    cache = await temporaryFolder();
    server.requests.length = 0;
  });
  afterEach(() => cache.remove());

  it('downloads into the cache once, verified by md5, and then serves the cached copy without a request', async () => {
    const options = { fileName: 'file.bin', url: `${server.url}/file.bin`, md5: md5(body), cacheDir: cache.path };
    const path = await getFile(options);
    assert.equal(path, join(cache.path, 'file.bin'));
    assert.deepEqual(await readFile(path), body);
    assert.equal(await getFile(options), path);
    assert.deepEqual(server.requests, ['/file.bin']);
    assert.deepEqual(await readdir(cache.path), ['file.bin'], 'no temporary file is left behind');
  });

  it('follows redirects', async () => {
    const path = await getFile({
      fileName: 'file.bin',
      url: `${server.url}/moved`,
      md5: md5(body),
      cacheDir: cache.path,
    });
    assert.deepEqual(await readFile(path), body);
    assert.deepEqual(server.requests, ['/moved', '/file.bin']);
  });

  it('keeps downloads under $KILN_HOME/datasets when no cache folder is given', async () => {
    const saved = process.env.KILN_HOME;
    process.env.KILN_HOME = cache.path;
    try {
      const path = await getFile({ fileName: 'file.bin', url: `${server.url}/file.bin` });
      assert.equal(path, join(cache.path, 'datasets', 'file.bin'));
    } finally {
      if (saved === undefined) delete process.env.KILN_HOME;
      else process.env.KILN_HOME = saved;
    }
  });

  it('reports progress up to the announced size', async () => {
    const seen: DownloadProgress[] = [];
    await getFile({
      fileName: 'file.bin',
      url: `${server.url}/file.bin`,
      cacheDir: cache.path,
      onProgress: (progress) => seen.push(progress),
    });
    assert.ok(seen.length > 0);
    assert.deepEqual(seen.at(-1), { fileName: 'file.bin', receivedBytes: body.length, totalBytes: body.length });
    assert.ok(seen.every((progress, i) => i === 0 || progress.receivedBytes > seen[i - 1]!.receivedBytes));
  });

  it('downloads again when the cached file fails its md5', async () => {
    await writeFile(join(cache.path, 'file.bin'), 'stale');
    const path = await getFile({
      fileName: 'file.bin',
      url: `${server.url}/file.bin`,
      md5: md5(body),
      cacheDir: cache.path,
    });
    assert.equal(await md5File(path), md5(body));
    assert.deepEqual(server.requests, ['/file.bin']);
  });

  it('rejects an md5 mismatch and leaves nothing in the cache, not even the stale copy it replaced', async () => {
    await writeFile(join(cache.path, 'file.bin'), 'stale');
    await assert.rejects(
      getFile({ fileName: 'file.bin', url: `${server.url}/file.bin`, md5: '0'.repeat(32), cacheDir: cache.path }),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.file === `${server.url}/file.bin` &&
        /md5 [0-9a-f]{32}, expected 0{32}/.test(error.message),
    );
    assert.deepEqual(await readdir(cache.path), []);
  });

  for (const [path, what] of [
    ['/cut', 'a connection cut mid-way'],
    ['/short', 'fewer bytes than Content-Length'],
  ] as const) {
    it(`fails clearly on ${what} and leaves nothing in the cache`, async () => {
      await assert.rejects(
        getFile({ fileName: 'file.bin', url: `${server.url}${path}`, cacheDir: cache.path }),
        (error: unknown) =>
          error instanceof DatasetError &&
          new RegExp(`download interrupted after \\d+ of ${announcedBytes} bytes`).test(error.message) &&
          /Nothing was cached/.test(error.message),
      );
      assert.deepEqual(await readdir(cache.path), []);
    });
  }

  it('gives up on a download that stalls', async () => {
    await assert.rejects(
      getFile({ fileName: 'file.bin', url: `${server.url}/stall`, cacheDir: cache.path, stallTimeoutMs: 300 }),
      /interrupted after 1000 of 100000 bytes \(no data received for 300 ms\)/,
    );
    assert.deepEqual(await readdir(cache.path), []);
  });

  it('says when the server cannot be reached', async () => {
    const unreachable = await startTestHttpServer(() => undefined);
    await unreachable.close();
    await assert.rejects(
      getFile({ fileName: 'file.bin', url: `${unreachable.url}/file.bin`, cacheDir: cache.path }),
      /file\.bin: download could not start \(.*ECONNREFUSED.*\)\. Nothing was cached/,
    );
    assert.deepEqual(await readdir(cache.path), []);
  });

  it('reports an HTTP error status', async () => {
    await assert.rejects(
      getFile({ fileName: 'file.bin', url: `${server.url}/missing`, cacheDir: cache.path }),
      /missing: download failed with HTTP 404 Not Found\. Nothing was cached\. Check the URL/,
    );
    assert.deepEqual(await readdir(cache.path), []);
  });
});
