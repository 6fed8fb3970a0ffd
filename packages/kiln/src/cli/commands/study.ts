import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { kilnHome } from '../../data/index.js';
import {
  loadStudy,
  StorageOpenError,
  storageFromUrl,
  StudyNotFoundError,
  type Storage,
  type Study,
} from '../../tuning/index.js';
import {
  ARTIFACT_DIR_ATTR,
  formatBestTrial,
  formatParetoFront,
  formatStudiesTable,
  formatTrialsTable,
  objectiveLabels,
  trialTestAccuracy,
} from '../../chapter/index.js';
import { UsageError } from '../usageError.js';

/** `--storage URL`, shared by `kiln tune` and `kiln study`. */
export function storageOption(): Option {
  return new Option(
    '--storage <url>',
    'where studies live: sqlite:path.db, sqlite:///abs/path.db or postgresql://user@host/db (default: sqlite:$KILN_HOME/studies.db)',
  );
}

/**
 * Opens `--storage`, or the default SQLite file under KILN_HOME; a URL that cannot be opened is a
 * usage error. `readOnly` (the commands that only read) creates and writes nothing.
 */
export async function openStorage(url?: string, options: { readOnly?: boolean } = {}): Promise<Storage> {
  if (url === undefined && options.readOnly !== true) await mkdir(kilnHome(), { recursive: true });
  try {
    return await storageFromUrl(url ?? `sqlite:${join(kilnHome(), 'studies.db')}`, options);
  } catch (error) {
    if (error instanceof StorageOpenError) throw new UsageError(`--storage: ${error.message}`);
    throw error;
  }
}

/** Loads the study `name` of `storage`; a missing one is a usage error saying how to find the right one. */
export async function loadNamedStudy(storage: Storage, name: string): Promise<Study> {
  try {
    return await loadStudy({ studyName: name, storage });
  } catch (error) {
    if (error instanceof StudyNotFoundError)
      throw new UsageError(`${error.message}: \`kiln study list\` shows the studies there (is --storage right?)`);
    throw error;
  }
}

/** Adds `kiln study <verb> NAME [--storage URL]`, which runs `use` on that study and closes the storage. */
function addStudyCommand(
  parent: Command,
  verb: string,
  description: string,
  use: (study: Study) => Promise<void>,
): void {
  parent
    .command(verb)
    .description(description)
    .argument('<name>', 'study name')
    .addOption(storageOption())
    .action(async (name: string, options: { storage?: string }) => {
      const storage = await openStorage(options.storage, { readOnly: true });
      try {
        await use(await loadNamedStudy(storage, name));
      } finally {
        await storage.close();
      }
    });
}

/** `kiln study list|show NAME|best NAME`: what `kiln tune` (or any Kiln study) stored. */
export function registerStudy(program: Command): void {
  const study = program
    .command('study')
    .description('list the studies of a storage, show the trials of one, or its best trial');
  study
    .command('list')
    .description('every study in the storage: trials and best value')
    .addOption(storageOption())
    .action(async (options: { storage?: string }) => {
      const storage = await openStorage(options.storage, { readOnly: true });
      try {
        const studies = await storage.getAllStudies();
        process.stdout.write(studies.length === 0 ? 'no studies in this storage\n' : formatStudiesTable(studies));
      } finally {
        await storage.close();
      }
    });
  addStudyCommand(
    study,
    'show',
    'every trial of a study: state, value(s), seconds and parameters; and the Pareto front of a multi-objective study',
    async (opened) => {
      const labels = await objectiveLabels(opened);
      const goals = opened.isMultiObjective
        ? opened.directions.map((direction, i) => `${direction} ${labels[i]}`).join(', ')
        : opened.directions[0];
      process.stdout.write(`study '${opened.studyName}' (${goals})\n`);
      process.stdout.write(opened.trials.length === 0 ? 'no trials yet\n' : formatTrialsTable(opened.trials, labels));
      if (opened.isMultiObjective && opened.bestTrials.length > 0)
        process.stdout.write(formatParetoFront(opened.bestTrials, labels));
    },
  );
  addStudyCommand(
    study,
    'best',
    "a study's best trial: parameters, value, and (for `kiln tune` studies) test accuracy and artifacts; a multi-objective study's Pareto front",
    async (opened) => {
      if (!opened.trials.some((t) => t.state === 'COMPLETE'))
        throw new UsageError(`study '${opened.studyName}' has no COMPLETE trial yet`);
      if (opened.isMultiObjective) {
        // Several objectives have no single best: the trials of the front are the best ones.
        process.stdout.write(formatParetoFront(opened.bestTrials, await objectiveLabels(opened)));
        return;
      }
      const best = opened.bestTrial;
      const artifactDir = best.userAttrs[ARTIFACT_DIR_ATTR];
      const testAccuracy = typeof artifactDir === 'string' ? await trialTestAccuracy(best) : null;
      process.stdout.write(formatBestTrial(best, testAccuracy));
      if (typeof artifactDir === 'string') process.stdout.write(`artifacts: ${artifactDir}\n`);
    },
  );
}
