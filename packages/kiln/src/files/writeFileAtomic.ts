import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `contents` (a string, bytes, or chunks of bytes in order) to `path` atomically and
 * durably: a hidden temp file `.NAME.tmp-HEX` in the same folder, fsynced, renamed over `path`,
 * then the folder fsynced, so readers, a kill and a power cut see the previous file or the new one,
 * whole. Creates the folder when missing.
 */
export async function writeFileAtomic(
  path: string,
  contents: string | Uint8Array | readonly Uint8Array[],
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    const file = await open(temp, 'w');
    try {
      if (typeof contents === 'string' || contents instanceof Uint8Array) await file.writeFile(contents);
      else for (const chunk of contents) await file.write(chunk);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
