import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../reports/writeFileAtomic.js';
import type { Ensembler } from './ensemblers/base.js';
import { ensemblerFromState } from './createEnsembler.js';

/** The file inside an ensemble folder that describes it. */
export const ENSEMBLE_FILE = 'ensemble.json';

/** A fitted ensemble of saved models: their folders, in the order the ensembler expects them. */
export interface SavedEnsemble {
  readonly members: readonly string[];
  readonly ensembler: Ensembler;
}

/**
 * Writes `dir/ensemble.json` (member folders stored relative to `dir`, the method and its state)
 * through a temporary file and a rename, so a failed write never leaves half a file.
 */
export async function saveEnsemble(dir: string, ensemble: SavedEnsemble): Promise<void> {
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
  await writeFileAtomic(path.join(dir, ENSEMBLE_FILE), `${JSON.stringify(document, null, 2)}\n`);
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
