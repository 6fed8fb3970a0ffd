import { validationSplit } from '../data/index.js';
import type { ProbabilityMatrix } from '../ensembling/index.js';
import { buildConvnet, saveModel } from '../models/index.js';
import type { ModelRun } from '../reports/index.js';
import { fit, predict, scoreProbabilities } from '../training/index.js';
import type { LoadedData } from './loadData.js';
import type { TrainingOptions } from './options.js';
import type { RunSettings } from './prepareRun.js';
import type { ResolvedModel } from './resolveModel.js';

export interface TrainedModel {
  readonly run: ModelRun;
  /** Test-set probabilities, kept for ensembling. */
  readonly testProbabilities: ProbabilityMatrix;
}

/**
 * Builds, trains, tests and saves one model: the work `kiln train` does and `kiln compare` repeats.
 * `extraFiles(run)` names more files to save with the model in the same atomic step.
 */
export async function trainModel(
  resolved: ResolvedModel,
  data: LoadedData,
  options: TrainingOptions,
  settings: RunSettings,
  saveTo: string,
  extraFiles: (run: ModelRun) => Record<string, string> = () => ({}),
): Promise<TrainedModel> {
  const { train, test, dataset } = data;
  const inputShape = [train.height, train.width, train.channels] as const;
  const model = buildConvnet(resolved.spec, { inputShape, numClasses: dataset.classNames.length, seed: settings.seed });
  const split =
    options.validationSplit > 0 ? validationSplit(train, options.validationSplit) : { train, validation: undefined };
  if (options.verbose > 0) process.stderr.write(`training ${resolved.modelName} on ${split.train.count} images\n`);
  const started = performance.now();
  const history = await fit(model, split.train, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    validationData: split.validation,
    verbose: options.verbose,
    seed: settings.seed,
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const testProbabilities = predict(model, test, { batchSize: options.batchSize });
  const score = scoreProbabilities(testProbabilities, test.labels);
  const run: ModelRun = {
    model: resolved.modelName,
    spec: resolved.spec,
    parameters: model.countParams(),
    epochs: history.epoch.length,
    steps: history.epoch.length * Math.ceil(split.train.count / options.batchSize),
    trainSeconds,
    imagesPerSecond: (history.epoch.length * split.train.count) / trainSeconds,
    testLoss: score.loss,
    testAccuracy: score.accuracy,
    history,
    savedTo: saveTo,
  };
  try {
    await saveModel(
      model,
      saveTo,
      {
        modelName: resolved.modelName,
        spec: resolved.spec,
        inputShape,
        classNames: dataset.classNames,
        dataset: dataset.name,
      },
      extraFiles(run),
    );
  } finally {
    model.dispose();
  }
  return { testProbabilities, run };
}
