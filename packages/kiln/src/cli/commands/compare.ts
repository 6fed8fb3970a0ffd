import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { claimOutputFolder, writeArtifactFolder } from '../../files/index.js';
import { averageEnsemble } from '../../ensembling/index.js';
import { evaluateProbabilities, type ProbabilityMatrix } from '../../metrics/index.js';
import { formatCompareReport, type CompareResults, type ModelRun } from '../../reports/index.js';
import { compareNotes } from '../compareNotes.js';
import { loadData } from '../loadData.js';
import { addTrainingOptions, type TrainingOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel, type ResolvedModel } from '../resolveModel.js';
import { ResumableRun } from '../resumableRun.js';
import { runContext, type RunContext } from '../runContext.js';
import { defaultRunFolder } from '../runFolder.js';
import { trainFromFlags } from '../trainFromFlags.js';

const chapterModels = ['separable', 'regular', 'regular-adadelta'];

/** `kiln compare [MODEL...]`: the chapter's experiment: train each model, test it, then test their average. */
export function registerCompare(program: Command): void {
  addTrainingOptions(
    program
      .command('compare')
      .description(
        "train and test several models on the same data, then their averaged probabilities (the chapter's ensemble); print a table and write results.json",
      )
      .argument('[models...]', `model names or ConvnetSpec .json files (default: ${chapterModels.join(' ')})`)
      .option('--out <dir>', 'folder for results.json and the trained models (default: runs/compare-<timestamp>)'),
  ).action(async (modelArguments: string[], options: TrainingOptions & { out?: string }) => {
    const context = runContext();
    const models = await Promise.all(
      (modelArguments.length > 0 ? modelArguments : chapterModels).map((name) => resolveModel(name)),
    );
    const resumable = await ResumableRun.start('compare', modelArguments, options, () => defaultRunFolder('compare'));
    const out = resumable.out;
    const claim = await claimOutputFolder(out, compareFolderKind);
    try {
      for (const note of claim.notes) process.stderr.write(`kiln: ${note}\n`);
      // The models and results.json appear together, once all are trained, replacing an earlier comparison.
      let results: CompareResults | undefined;
      await writeArtifactFolder(out, async (staging) => {
        results = await compareModels(models, options, context, out, staging, resumable);
      });
      await resumable.finish();
      process.stdout.write(`${formatCompareReport(results!)}results: ${join(out, 'results.json')}\n`);
    } finally {
      claim.release();
    }
  });
}

/** A comparison's folder: results.json beside the models, and no model or ensemble of its own. */
const compareFolderKind = {
  description: '`kiln compare` results',
  isArtifact: async (dir: string) => {
    const names = await readdir(dir);
    return names.includes('results.json') && !names.includes('model.json') && !names.includes('ensemble.json');
  },
};

async function compareModels(
  models: readonly ResolvedModel[],
  options: TrainingOptions,
  context: RunContext,
  out: string,
  staging: string,
  resumable: ResumableRun,
): Promise<CompareResults> {
  const settings = await prepareRun({ ...options, seed: options.seed ?? resumable.seed });
  const data = await loadData(options, settings.seed);
  const runs: ModelRun[] = [];
  const probabilities: ProbabilityMatrix[] = [];
  for (const [index, model] of models.entries()) {
    const folder = `${index + 1}-${model.modelName}`;
    const workspace = resumable.workspace(folder, settings.seed);
    const trained = await trainFromFlags(model, data, options, settings, join(staging, folder), workspace);
    runs.push({ ...trained.run, savedTo: join(out, folder) });
    probabilities.push(trained.testProbabilities);
  }
  const ensemble = evaluateProbabilities(averageEnsemble(probabilities), data.test.labels);
  const results: CompareResults = {
    ...context,
    options,
    dataset: data.dataset.name,
    backend: settings.backend,
    trainImages: data.train.count,
    testImages: data.test.count,
    validationSplit: options.validationSplit,
    batchSize: options.batchSize,
    seed: settings.seed,
    createdAt: new Date().toISOString(),
    models: runs,
    ensemble: { members: runs.map((run) => run.model), testLoss: ensemble.loss, testAccuracy: ensemble.accuracy },
    notes: compareNotes(runs, ensemble.accuracy, data.dataset.classNames.length),
  };
  await writeFile(join(staging, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
