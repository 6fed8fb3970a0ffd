import { trainModel } from '../chapter/trainModel.js';
import { sliceExamples, taskOf, type Examples } from '../data/index.js';
import type { ProbabilityMatrix } from '../ensembling/index.js';
import { saveModel } from '../models/index.js';
import type { ModelRun } from '../reports/index.js';
import type { AnyData } from './loadData.js';
import type { TrainingOptions } from './options.js';
import type { RunSettings } from './prepareRun.js';
import type { ResolvedModel } from './resolveModel.js';

export interface TrainedRun {
  readonly run: ModelRun;
  /** Test-set probabilities, kept for ensembling. */
  readonly testProbabilities: ProbabilityMatrix;
}

/** `kiln train` and `kiln compare`'s flags turned into one `trainModel` call, saving the model to `saveTo`. */
export async function trainFromFlags(
  resolved: ResolvedModel,
  data: AnyData,
  options: TrainingOptions,
  settings: RunSettings,
  saveTo: string,
): Promise<TrainedRun> {
  const split = splitValidation(data.train, options.validationSplit);
  const trained = await trainModel({
    modelName: resolved.modelName,
    spec: resolved.spec,
    source: resolved.source,
    task: taskOf(data.dataset),
    preprocessing: data.dataset.preprocessing,
    fingerprint: data.fingerprint,
    train: split.train,
    validation: split.validation,
    test: data.test,
    classNames: data.dataset.classNames,
    datasetName: data.dataset.name,
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: settings.seed,
    verbose: options.verbose,
    save: ({ model, metadata }) => saveModel(model, saveTo, metadata),
  });
  return {
    testProbabilities: trained.test.probabilities,
    run: {
      model: trained.modelName,
      ...(trained.spec ? { spec: trained.spec } : {}),
      parameters: trained.parameters,
      epochs: trained.history.epoch.length,
      steps: trained.steps,
      trainSeconds: trained.trainSeconds,
      imagesPerSecond: trained.imagesPerSecond,
      testLoss: trained.test.loss,
      ...('accuracy' in trained.test
        ? {
            testAccuracy: trained.test.accuracy,
            ...(trained.test.topKAccuracy === undefined ? {} : { testTopKAccuracy: trained.test.topKAccuracy }),
          }
        : { testMae: trained.test.mae }),
      history: trained.history,
      savedTo: saveTo,
    },
  };
}

/** The LAST `fraction` of the training examples held out for validation, as Keras' `validation_split`. */
function splitValidation(set: Examples, fraction: number): { train: Examples; validation?: Examples } {
  if (!(fraction > 0)) return { train: set };
  const splitAt = Math.floor(set.count * (1 - fraction));
  return { train: sliceExamples(set, 0, splitAt), validation: sliceExamples(set, splitAt, set.count) };
}
