import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError, describeError } from './datasetError.js';

const gunzipAsync = promisify(gunzip);

/** Reads a file, decompressing it if it starts with the gzip magic bytes, whatever its name. */
export async function readGunzipped(path: string, remedy: string): Promise<Buffer> {
  const raw = await readFile(path).catch((error: unknown) => {
    throw new DatasetError(path, `cannot be read (${describeError(error)})`, remedy, { cause: error });
  });
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return await gunzipAsync(raw);
  } catch (error) {
    throw new DatasetError(path, `is a corrupt or truncated gzip file (${describeError(error)})`, remedy, {
      cause: error,
    });
  }
}
