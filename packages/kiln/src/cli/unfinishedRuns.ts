import { createHash } from 'node:crypto';
import { readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/index.js';

/** What a rerun of an interrupted command needs to find its backups: the run folder and the seed. */
export interface UnfinishedRun {
  readonly out: string;
  readonly seed: number;
}

/** The flags that decide what a command computes (not how loudly), for recognizing a rerun. */
export type CommandFingerprint = { readonly [flag: string]: unknown };

// <root>/.unfinished/<hash of the command>.json while a command with backups runs; gone once it is
// done. The root is the folder of the run folders (runs/, or the parent of --out).
function journalPath(root: string, command: CommandFingerprint): string {
  const hash = createHash('sha256').update(JSON.stringify(command)).digest('hex').slice(0, 16);
  return join(root, '.unfinished', `${hash}.json`);
}

/** The run an earlier, interrupted invocation of the same command left, if any. */
export async function findUnfinishedRun(root: string, command: CommandFingerprint): Promise<UnfinishedRun | undefined> {
  const text = await readFile(journalPath(root, command), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const entry = JSON.parse(text) as { command: CommandFingerprint; run: UnfinishedRun };
  return JSON.stringify(entry.command) === JSON.stringify(command) ? entry.run : undefined;
}

export async function recordUnfinishedRun(
  root: string,
  command: CommandFingerprint,
  run: UnfinishedRun,
): Promise<void> {
  await writeFileAtomic(journalPath(root, command), `${JSON.stringify({ command, run }, null, 2)}\n`);
}

export async function forgetUnfinishedRun(root: string, command: CommandFingerprint): Promise<void> {
  await rm(journalPath(root, command), { force: true });
  // The folder goes with its last record.
  await rmdir(dirname(journalPath(root, command))).catch(() => undefined);
}
