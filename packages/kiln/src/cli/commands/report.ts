import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  ensembleReport,
  studyPlotsReport,
  trainingReport,
  writeReport,
  type EnsembleRecord,
  type Report,
} from '../../reports/index.js';
import { objectiveLabels } from '../../chapter/index.js';
import { UsageError } from '../usageError.js';
import { loadNamedStudy, openStorage, storageOption } from './study.js';

interface ReportFlags {
  readonly study?: string;
  readonly storage?: string;
  readonly out?: string;
}

/** `kiln report RUN_DIR | ENSEMBLE_DIR | --study NAME`: charts and one self-contained HTML page. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'draw a run (`kiln train`/`kiln compare` folder), an ensemble folder or a study (--study): one offline HTML page plus an SVG and a PNG per chart',
    )
    .argument('[dir]', 'a folder written by kiln train, kiln compare or kiln ensemble')
    .option('--study <name>', 'instead of a folder: a study of --storage')
    .addOption(storageOption())
    .option('--out <dir>', 'where report.html and charts/ go (default: DIR/report, or runs/report-<study>)')
    .action(async (dir: string | undefined, options: ReportFlags) => {
      if ((dir === undefined) === (options.study === undefined))
        throw new UsageError('pass exactly one of a run or ensemble folder, or --study NAME');
      const report = dir === undefined ? await studyReportOf(options.study!, options.storage) : await folderReport(dir);
      const out = options.out ?? (dir === undefined ? join('runs', `report-${options.study}`) : join(dir, 'report'));
      const written = await writeReport(out, report);
      process.stdout.write(
        `${Object.keys(written.charts).length} charts in ${join(out, 'charts')}\nreport: ${written.html}\n`,
      );
    });
}

async function studyReportOf(name: string, storageUrl: string | undefined): Promise<Report> {
  const storage = await openStorage(storageUrl);
  try {
    const study = await loadNamedStudy(storage, name);
    return studyPlotsReport(
      name,
      study.directions,
      study.trials,
      await study.getUserAttrs(),
      await objectiveLabels(study),
    );
  } finally {
    await storage.close();
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A folder's report, by what it holds: ensemble.json (an ensemble), results.json (compare) or run.json (train). */
async function folderReport(dir: string): Promise<Report> {
  const exists = async (name: string): Promise<boolean> => (await stat(join(dir, name)).catch(() => null)) !== null;
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new UsageError(`${dir} is not a folder`);
  if (await exists('ensemble.json'))
    return ensembleReport((await readJson(join(dir, 'results.json'))) as EnsembleRecord);
  if (await exists('results.json'))
    return trainingReport((await readJson(join(dir, 'results.json'))) as Parameters<typeof trainingReport>[0]);
  if (await exists('run.json'))
    return trainingReport((await readJson(join(dir, 'run.json'))) as Parameters<typeof trainingReport>[0]);
  throw new UsageError(
    `${dir} holds no run.json, results.json or ensemble.json: pass a folder written by kiln train, compare or ensemble`,
  );
}
