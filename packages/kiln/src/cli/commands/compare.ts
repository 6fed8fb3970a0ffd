import { join } from 'node:path';
import type { Command } from 'commander';
import { averageEnsemble, type ProbabilityMatrix } from '../../ensembling/index.js';
import { formatCompareReport, writeFileAtomic, type CompareResults, type ModelRun } from '../../reports/index.js';
import { scoreProbabilities } from '../../training/index.js';
import { compareNotes } from '../compareNotes.js';
import { loadData } from '../loadData.js';
import { addTrainingOptions, type TrainingOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';
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
    const models = await Promise.all(
      (modelArguments.length > 0 ? modelArguments : chapterModels).map((name) => resolveModel(name)),
    );
    const settings = await prepareRun(options);
    const data = await loadData(options, settings.seed);
    const out = options.out ?? defaultRunFolder('compare');
    const runs: ModelRun[] = [];
    const probabilities: ProbabilityMatrix[] = [];
    for (const [index, model] of models.entries()) {
      const trained = await trainFromFlags(
        model,
        data,
        options,
        settings,
        join(out, `${index + 1}-${model.modelName}`),
      );
      runs.push(trained.run);
      probabilities.push(trained.testProbabilities);
    }
    const ensemble = scoreProbabilities(averageEnsemble(probabilities), data.test.labels);
    const results: CompareResults = {
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
    await writeFileAtomic(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${formatCompareReport(results)}results: ${join(out, 'results.json')}\n`);
  });
}
