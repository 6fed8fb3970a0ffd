import { join } from 'node:path';
import type { Command } from 'commander';
import { averageEnsemble, type ProbabilityMatrix } from '../../ensembling/index.js';
import { formatCompareReport, writeFileAtomic, type CompareResults, type ModelRun } from '../../reports/index.js';
import { scoreProbabilities } from '../../training/index.js';
import { loadData } from '../loadData.js';
import { addTrainingOptions, type TrainingOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';
import { defaultRunFolder } from '../runFolder.js';
import { trainModel } from '../trainModel.js';

const chapterModels = ['separable', 'regular', 'regular-adadelta'];

const adadeltaNote =
  "regular-adadelta uses Adadelta with learning rate 1.0, the default of Keras 2.2 which the chapter ran; tf.keras 2+ defaults to 0.001, with which this model barely learns in 12 epochs";

/**
 * BatchNormalization's moving averages (momentum 0.99, as Keras) need a few hundred steps to
 * reach the data's statistics; until then the model tests far worse than it trains.
 */
const batchNormalizationWarmupSteps = 500;

/** Caveats that explain surprising figures. */
function notesOn(runs: readonly ModelRun[]): string[] {
  const notes: string[] = [];
  if (runs.some((run) => run.spec.optimizer.name === 'adadelta' && run.spec.optimizer.learningRate === 1)) notes.push(adadeltaNote);
  for (const run of runs.filter((run) => run.spec.batchNormalization && run.steps < batchNormalizationWarmupSteps)) {
    notes.push(
      `${run.model} took only ${run.steps} steps: its BatchNormalization moving averages (momentum 0.99) are still near their initial values, so its test figures understate it; train on more images or for more epochs`,
    );
  }
  return notes;
}

/** `kiln compare [MODEL...]`: the chapter's experiment: train each model, test it, then test their average. */
export function registerCompare(program: Command): void {
  addTrainingOptions(
    program
      .command('compare')
      .description("train and test several models on the same data, then their averaged probabilities (the chapter's ensemble); print a table and write results.json")
      .argument('[models...]', `model names or ConvnetSpec .json files (default: ${chapterModels.join(' ')})`)
      .option('--out <dir>', 'folder for results.json and the trained models (default: runs/compare-<timestamp>)'),
  ).action(async (modelArguments: string[], options: TrainingOptions & { out?: string }) => {
    const models = await Promise.all((modelArguments.length > 0 ? modelArguments : chapterModels).map(resolveModel));
    const settings = await prepareRun(options);
    const data = await loadData(options, settings.seed);
    const out = options.out ?? defaultRunFolder('compare');
    const runs: ModelRun[] = [];
    const probabilities: ProbabilityMatrix[] = [];
    for (const [index, model] of models.entries()) {
      const trained = await trainModel(model, data, options, settings, join(out, `${index + 1}-${model.modelName}`));
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
      notes: notesOn(runs),
    };
    await writeFileAtomic(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${formatCompareReport(results)}results: ${join(out, 'results.json')}\n`);
  });
}
