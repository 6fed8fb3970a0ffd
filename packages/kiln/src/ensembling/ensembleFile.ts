import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeArtifactFolder } from '../files/index.js';
import type { Ensembler } from './ensemblers/base.js';
import { ensemblerFromState } from './createEnsembler.js';

/** The file inside an ensemble folder that describes it. */
export const ENSEMBLE_FILE = 'ensemble.json';

/** A fitted ensemble of saved models: their folders, in the order the ensembler expects them. */
export interface SavedEnsemble {
  readonly members: readonly string[];
  readonly ensembler: Ensembler;
}

/** True when `dir` holds a saved ensemble (and is not a model's folder). */
export async function isEnsembleFolder(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.includes(ENSEMBLE_FILE) && !names.includes('model.json');
}

/**
 * Writes the folder `dir`: `ensemble.json` (member folders stored relative to `dir`, the method and
 * its state) and `extraFiles` (name to contents, e.g. a results record), in one crash-safe step that
 * replaces an earlier ensemble there; a folder holding anything else is refused.
 */
export async function saveEnsemble(
  dir: string,
  ensemble: SavedEnsemble,
  extraFiles: Readonly<Record<string, string>> = {},
): Promise<void> {
  const state = ensemble.ensembler.getState();
  if (ensemble.members.length !== state.memberCount) {
    throw new Error(
      `the ensemble was fitted on ${state.memberCount} members but ${ensemble.members.length} member folders were given`,
    );
  }
  const absoluteDir = path.resolve(dir);
  const document = {
    format: 'kiln-ensemble',
    version: 1,
    method: state.method,
    members: ensemble.members.map((member) => path.relative(absoluteDir, path.resolve(member)) || '.'),
    state,
  };
  const existing = await stat(absoluteDir).catch(() => undefined);
  if (
    existing !== undefined &&
    !(existing.isDirectory() && ((await readdir(absoluteDir)).length === 0 || (await isEnsembleFolder(absoluteDir))))
  ) {
    throw new Error(`${dir} exists and is not an ensemble folder: choose a new path or remove it first`);
  }
  await writeArtifactFolder(absoluteDir, async (staging) => {
    await writeFile(path.join(staging, ENSEMBLE_FILE), `${JSON.stringify(document, null, 2)}\n`);
    for (const [name, contents] of Object.entries(extraFiles)) await writeFile(path.join(staging, name), contents);
  });
}

/** Reads what `saveEnsemble` wrote; member folders come back as absolute paths. */
export async function loadEnsemble(dir: string): Promise<SavedEnsemble> {
  const file = path.join(dir, ENSEMBLE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `no ensemble in ${dir}: could not read ${file} (${(error as Error).message}); save one with saveEnsemble or kiln ensemble --out`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message})`);
  }
  const { format, members, state } = (document ?? {}) as { format?: unknown; members?: unknown; state?: unknown };
  if (format !== 'kiln-ensemble')
    throw new Error(`${file} is not a Kiln ensemble (format is ${JSON.stringify(format)})`);
  if (!Array.isArray(members) || !members.every((member) => typeof member === 'string')) {
    throw new Error(`${file}: 'members' must be a list of model folders`);
  }
  const ensembler = ensemblerFromState(state);
  const { memberCount } = ensembler.getState();
  if (members.length !== memberCount) {
    throw new Error(`${file} lists ${members.length} member folders but its state was fitted on ${memberCount}`);
  }
  return { members: members.map((member: string) => path.resolve(dir, member)), ensembler };
}
