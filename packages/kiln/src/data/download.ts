import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { datasetCacheDir } from './cacheDir.js';
import { DatasetError, describeError } from './datasetError.js';
import { createProgressBar, type DownloadProgress } from './progressBar.js';

export interface GetFileOptions {
  /** Name of the file in the cache folder. */
  fileName: string;
  /** Where to download it from when it is not cached (redirects are followed). */
  url: string;
  /** Expected md5 (hex) of the file; a cached file that does not match is downloaded again. */
  md5?: string;
  /** Cache folder; default `$KILN_HOME/datasets`. */
  cacheDir?: string;
  onProgress?: (progress: DownloadProgress) => void;
  verbose?: boolean;
  /** Abort when nothing arrives for this long (ms); default 60,000. */
  stallTimeoutMs?: number;
}

const defaultStallTimeoutMs = 60_000;

/**
 * Returns the path of `fileName` in the cache, downloading it first if it is missing or fails its
 * md5, like `keras.utils.get_file`. The download goes to a temporary `*.part` file in the same
 * folder and is renamed into place only once complete and verified, so the cache never holds a
 * partial or corrupt file.
 */
export async function getFile(options: GetFileOptions): Promise<string> {
  const dir = datasetCacheDir(options.cacheDir);
  const target = join(dir, options.fileName);
  const cached = await checkCachedFile(target, options.md5);
  if (cached === 'valid') {
    if (options.verbose) process.stderr.write(`kiln: using cached ${target}\n`);
    return target;
  }
  if (cached === 'corrupt') {
    // Known bad: drop it now so a failed download below does not leave it behind.
    await rm(target, { force: true });
    if (options.verbose) process.stderr.write(`kiln: ${target} failed its md5 check; downloading it again\n`);
  }

  await mkdir(dir, { recursive: true });
  const partial = `${target}.${randomUUID().slice(0, 8)}.part`;
  try {
    const downloadedMd5 = await downloadTo(partial, options);
    if (options.md5) verifyMd5(downloadedMd5, options.md5, options.url);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  if (options.verbose) process.stderr.write(`kiln: downloaded ${options.url} to ${target}\n`);
  return target;
}

/** md5 (hex) of a file, streamed. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

async function checkCachedFile(path: string, md5: string | undefined): Promise<'missing' | 'valid' | 'corrupt'> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return 'missing';
  return md5 === undefined || (await md5File(path)) === md5.toLowerCase() ? 'valid' : 'corrupt';
}

function verifyMd5(actual: string, expected: string, url: string): void {
  if (actual !== expected.toLowerCase()) {
    throw new DatasetError(
      url,
      `downloaded file has md5 ${actual}, expected ${expected.toLowerCase()}`,
      'The download is corrupt or the server sent a different file; nothing was cached. Run again, or pass a local copy (the --data option, or `path`)',
    );
  }
}

/** Streams `options.url` into `partial`; returns the md5 of what arrived, hashed on the way. */
async function downloadTo(partial: string, options: GetFileOptions): Promise<string> {
  const { url, fileName } = options;
  const stallMs = options.stallTimeoutMs ?? defaultStallTimeoutMs;
  const abort = new AbortController();
  let stallTimer: NodeJS.Timeout | undefined;
  const armStallTimer = (): void => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => abort.abort(new Error(`no data received for ${stallMs} ms`)), stallMs);
  };

  const bar =
    options.onProgress || !(options.verbose || process.stderr.isTTY) ? undefined : createProgressBar(fileName);
  const report = options.onProgress ?? bar?.update;
  const hash = createHash('md5');
  let receivedBytes = 0;
  let totalBytes: number | undefined;
  const failed = (problem: string, cause?: unknown): DatasetError =>
    new DatasetError(
      url,
      problem,
      'Nothing was cached. Check the URL and the network and run again, or pass a local copy (the --data option, or `path`)',
      {
        cause,
      },
    );
  const interrupted = (why: string, cause?: unknown): DatasetError =>
    failed(
      `download interrupted after ${receivedBytes}${totalBytes === undefined ? '' : ` of ${totalBytes}`} bytes (${why})`,
      cause,
    );
  /** Why the transfer stopped: our stall timeout, or the socket error fetch wraps as `TypeError: terminated`. */
  const reasonOf = (error: unknown): string =>
    describeError(errorCause(abort.signal.aborted ? abort.signal.reason : error));

  armStallTimer();
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: abort.signal, redirect: 'follow' });
    } catch (error) {
      throw failed(`download could not start (${reasonOf(error)})`, error);
    }
    if (!response.ok || !response.body) {
      throw failed(`download failed with HTTP ${response.status} ${response.statusText}`);
    }
    const length = response.headers.get('content-length');
    totalBytes = length === null ? undefined : Number(length);
    try {
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            armStallTimer();
            receivedBytes += chunk.byteLength;
            hash.update(chunk);
            report?.({ fileName, receivedBytes, totalBytes });
            yield chunk;
          }
        },
        createWriteStream(partial),
      );
    } catch (error) {
      throw interrupted(reasonOf(error), error);
    }
    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      throw interrupted(`server announced ${totalBytes} bytes but the connection closed`);
    }
    return hash.digest('hex');
  } finally {
    clearTimeout(stallTimer);
    bar?.stop();
  }
}

function errorCause(error: unknown): unknown {
  return error instanceof Error && error.cause instanceof Error ? error.cause : error;
}
