import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Folders a command writes as one artifact (a saved model with its run record, an ensemble, a
 * comparison, a trial's artifacts) are replaced all at once: the new one is written and synced in
 * a hidden sibling `.NAME.tmp-PID-HEX`, the old one moved aside to `.NAME.old-PID-HEX`, the new one
 * renamed into place, then the old one removed. A kill at any moment leaves the old folder or the
 * new one under NAME, or (between the two renames) the complete old one under `.old`, which
 * `recoverArtifactFolder` puts back. The PID in the names tells a dead writer's leftovers from a
 * live one's.
 */
const tempTag = 'tmp';
const oldTag = 'old';

/** True while process `pid` exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Leftover {
  readonly path: string;
  readonly kind: typeof tempTag | typeof oldTag;
  readonly pid: number;
}

/** The hidden siblings a writer of `dir` makes, with the PID of the process that made each. */
async function leftoversOf(dir: string): Promise<Leftover[]> {
  const parent = dirname(resolve(dir));
  const prefix = `.${basename(resolve(dir))}.`;
  const entries = await readdir(parent).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const found: Leftover[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(tmp|old)-(\d+)-[0-9a-f]+$/.exec(entry.slice(prefix.length));
    if (match === null) continue;
    found.push({ path: join(parent, entry), kind: match[1] as Leftover['kind'], pid: Number(match[2]) });
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Cleans up after writers of `dir` that died mid-save: puts a complete old folder back when the
 * new one never arrived, and removes their temporaries. Returns what it did, one line each.
 */
export async function recoverArtifactFolder(dir: string): Promise<string[]> {
  const notes: string[] = [];
  const dead = (await leftoversOf(dir)).filter((left) => left.pid !== process.pid && !isProcessAlive(left.pid));
  for (const left of dead.filter((l) => l.kind === oldTag)) {
    if (await exists(dir)) {
      await rm(left.path, { recursive: true, force: true });
    } else {
      await rename(left.path, dir);
      notes.push(
        `restored ${dir} from ${basename(left.path)}: an earlier save was killed before the new folder was in place`,
      );
    }
  }
  for (const left of dead.filter((l) => l.kind === tempTag)) {
    await rm(left.path, { recursive: true, force: true });
    notes.push(`removed ${basename(left.path)}, left by a save that was killed (process ${left.pid})`);
  }
  return notes;
}

/** Flushes every file and folder under `path` (and `path` itself) to the disk. */
async function syncTree(path: string): Promise<void> {
  if ((await stat(path)).isDirectory()) {
    for (const entry of await readdir(path)) await syncTree(join(path, entry));
  }
  await syncEntry(path);
}

/** Flushes one file, or one folder's list of names, to the disk. */
async function syncEntry(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function hiddenSibling(dir: string, tag: string): string {
  const absolute = resolve(dir);
  return join(dirname(absolute), `.${basename(absolute)}.${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes the folder `dir` as one step: `fill` writes the files into an empty staging folder; once
 * it returns they are synced and the staging folder replaces `dir` (see the top of this file).
 * If `fill` throws, nothing at `dir` changes.
 */
export async function writeArtifactFolder(dir: string, fill: (staging: string) => Promise<void>): Promise<void> {
  const absolute = resolve(dir);
  await recoverArtifactFolder(absolute);
  await mkdir(dirname(absolute), { recursive: true });
  const staging = hiddenSibling(absolute, tempTag);
  await mkdir(staging);
  try {
    await fill(staging);
    await syncTree(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const old = hiddenSibling(absolute, oldTag);
  let hadOld = true;
  try {
    await rename(absolute, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    hadOld = false;
  }
  try {
    await rename(staging, absolute);
  } catch (error) {
    if (hadOld) await rename(old, absolute);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await syncEntry(dirname(absolute));
  if (hadOld) await rm(old, { recursive: true, force: true });
}
