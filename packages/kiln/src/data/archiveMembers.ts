import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as tar from 'tar';
import { DatasetError, describeError } from './datasetError.js';

/**
 * Receives one wanted file; `location` names it for error messages (`archive:member` or a path).
 * `data` may be reused once the handler returns: copy out what must be kept.
 */
export type MemberHandler = (name: string, data: Buffer, location: string) => void;

/**
 * Feeds each of `names` (base names) to `onMember`, read either from a folder or from a tar archive
 * (gzipped or not, streamed so only one member is in memory at a time). Fails with a
 * {@link DatasetError} carrying `remedy` when the source is unreadable, truncated or lacks a file.
 */
export async function readMembers(
  source: string,
  names: readonly string[],
  onMember: MemberHandler,
  remedy: string,
): Promise<void> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new DatasetError(source, 'no such file or folder', remedy);
  if (info.isDirectory()) await readFolderMembers(source, names, onMember, remedy);
  else await readArchiveMembers(source, names, onMember, remedy);
}

async function readFolderMembers(
  folder: string,
  names: readonly string[],
  onMember: MemberHandler,
  remedy: string,
): Promise<void> {
  for (const name of names) {
    const path = join(folder, name);
    const data = await readFile(path).catch((error: unknown) => {
      const problem =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `missing from ${folder}`
          : `cannot be read (${describeError(error)})`;
      throw new DatasetError(path, problem, remedy, { cause: error });
    });
    onMember(name, data, path);
  }
}

async function readArchiveMembers(
  archive: string,
  names: readonly string[],
  onMember: MemberHandler,
  remedy: string,
): Promise<void> {
  const wanted = new Set(names);
  const seen = new Set<string>();
  // The first failure while handling a member; tar's entry callbacks cannot throw through tar.t.
  let failure: unknown;
  // One buffer serves every member: first-touching fresh memory costs more than the copy itself.
  let scratch = Buffer.alloc(0);
  try {
    await tar.t({
      file: archive,
      strict: true,
      onReadEntry(entry) {
        const name = basename(entry.path);
        const isFile = entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
        if (!isFile || !wanted.has(name) || failure) {
          entry.resume();
          return;
        }
        const location = `${archive}:${entry.path}`;
        if (scratch.length < entry.size) scratch = Buffer.allocUnsafe(entry.size);
        const data = scratch.subarray(0, entry.size);
        let filled = 0;
        entry.on('data', (chunk: Buffer) => {
          filled += chunk.copy(data, filled);
        });
        entry.on('end', () => {
          try {
            if (filled !== entry.size)
              throw new DatasetError(location, `member is cut short (${filled} of ${entry.size} bytes)`, remedy);
            seen.add(name);
            onMember(name, data, location);
          } catch (error) {
            failure ??= error;
          }
        });
      },
    });
  } catch (error) {
    throw new DatasetError(
      archive,
      `is not a readable tar or tar.gz archive, or is truncated (${describeError(error)})`,
      remedy,
      { cause: error },
    );
  }
  if (failure) throw failure;
  const missing = names.filter((name) => !seen.has(name));
  if (missing.length > 0) throw new DatasetError(archive, `archive has no ${missing.join(', ')}`, remedy);
}
