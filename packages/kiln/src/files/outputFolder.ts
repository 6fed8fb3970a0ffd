import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isProcessAlive, recoverArtifactFolder } from './artifactFolder.js';

/** Thrown when an output folder cannot be used; the CLI reports it as a usage error. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

export interface OutputFolderKind {
  /** What the folder holds, for messages: 'saved model', 'ensemble', ... */
  readonly description: string;
  /** True when an existing folder holds this kind of artifact (it may be replaced). */
  isArtifact(dir: string): Promise<boolean>;
}

/** A claimed output folder: released (its lock file removed) when the command ends, or when the process exits. */
export interface OutputClaim {
  readonly dir: string;
  /** What recovery did with a killed earlier save's leftovers. */
  readonly notes: readonly string[];
  release(): void;
}

async function statOrNull(path: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputFolderError(`cannot use ${path}: ${(error as Error).message}`);
  }
}

/** Takes `.NAME.lock` beside `dir` (O_EXCL, holding this PID); a lock whose process is dead is taken over. */
function lockFolder(dir: string, flag: string): () => void {
  const lock = join(dirname(dir), `.${basename(dir)}.lock`);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new OutputFolderError(
          `${flag} ${dir}: cannot write in ${dirname(dir)} (${(error as Error).message}); choose a folder you can write to`,
        );
      }
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        // Removed between our open and read: try again.
      }
      if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) {
        throw new OutputFolderError(
          `${flag} ${dir} is being written by another kiln process (pid ${holder}); wait for it to finish or choose another folder`,
        );
      }
      if (attempt >= 3) throw new OutputFolderError(`${flag} ${dir}: cannot take its lock file ${lock}`);
      try {
        unlinkSync(lock);
      } catch {
        // Another process took it over first; the next attempt sees its PID.
      }
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      unlinkSync(lock);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return release;
}

/**
 * Checks, before any work, that `dir` can receive an artifact of `kind`: not an empty path, not a
 * file, not an existing folder holding something else, in a folder this process can write; then
 * locks it so a second command writing the same folder refuses at once, and cleans up what a
 * killed earlier save left there. `flag` names the option in messages (`--out`).
 */
export async function claimOutputFolder(dir: string, kind: OutputFolderKind, flag = '--out'): Promise<OutputClaim> {
  if (dir.trim() === '') throw new OutputFolderError(`${flag} is empty: give the path of a folder to write to`);
  const absolute = resolve(dir);
  let ancestor = dirname(absolute);
  let ancestorInfo = await statOrNull(ancestor);
  while (ancestorInfo === null) {
    ancestor = dirname(ancestor);
    ancestorInfo = await statOrNull(ancestor);
  }
  if (!ancestorInfo.isDirectory()) {
    throw new OutputFolderError(`${flag} ${dir} cannot be created: ${ancestor} is a file, not a folder`);
  }
  try {
    await mkdir(dirname(absolute), { recursive: true });
  } catch (error) {
    throw new OutputFolderError(
      `${flag} ${dir} cannot be created (${(error as Error).message}); choose a folder you can write to`,
    );
  }
  const release = lockFolder(absolute, flag);
  try {
    const notes = await recoverArtifactFolder(absolute);
    const existing = await statOrNull(absolute);
    if (existing !== null) {
      if (!existing.isDirectory()) {
        throw new OutputFolderError(`${flag} ${dir} is a file: choose a folder path, or remove the file first`);
      }
      const entries = await readdir(absolute);
      if (entries.length > 0 && !(await kind.isArtifact(absolute))) {
        const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? ', ...' : '');
        throw new OutputFolderError(
          `${flag} ${dir} exists and is not a ${kind.description} folder (it holds ${shown}); choose a new path or remove it first`,
        );
      }
    }
    return { dir: absolute, notes, release };
  } catch (error) {
    release();
    throw error;
  }
}
