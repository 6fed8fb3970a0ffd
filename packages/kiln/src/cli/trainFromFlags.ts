import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { trainModel } from '../chapter/trainModel.js';
import { validationSplit } from '../data/index.js';
import type { ProbabilityMatrix } from '../ensembling/index.js';
import { saveModel } from '../models/index.js';
import { testDiagnostics, type ModelRun } from '../reports/index.js';
import type { LoadedData } from './loadData.js';
import type { TrainingOptions } from './options.js';
import type { RunSettings } from './prepareRun.js';
import type { ResolvedModel } from './resolveModel.js';
import type { ModelWorkspace } from './resumableRun.js';
import { historyFile, trainingCallbacks } from './trainingCallbacks.js';

export interface TrainedRun {
  readonly run: ModelRun;
  /** Test-set probabilities, kept for ensembling. */
  readonly testProbabilities: ProbabilityMatrix;
}

/**
 * `kiln train` and `kiln compare`'s flags turned into one `trainModel` call, saving the model to
 * `saveTo` with its history.csv and checkpoint (copied from the workspace, which stays for a rerun
 * until the command is done).
 */
export async function trainFromFlags(
  resolved: ResolvedModel,
  data: LoadedData,
  options: TrainingOptions,
  settings: RunSettings,
  saveTo: string,
  workspace: ModelWorkspace,
): Promise<TrainedRun> {
  const split =
    options.validationSplit > 0
      ? validationSplit(data.train, options.validationSplit)
      : { train: data.train, validation: undefined };
  const trained = await trainModel({
    modelName: resolved.modelName,
    spec: resolved.spec,
    train: split.train,
    validation: split.validation,
    test: data.test,
    classNames: data.dataset.classNames,
    datasetName: data.dataset.name,
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: settings.seed,
    verbose: options.verbose,
    callbacks: trainingCallbacks(options, resolved.spec, Math.ceil(split.train.count / options.batchSize), workspace),
    save: async ({ model, metadata }) => {
      await saveModel(model, saveTo, metadata);
      for (const name of [historyFile, options.checkpoint]) {
        const from = name === undefined ? undefined : join(workspace.dir, name);
        if (from !== undefined && (await stat(from).catch(() => undefined)))
          await cp(from, join(saveTo, name!), { recursive: true });
      }
    },
  });
  return {
    testProbabilities: trained.test.probabilities,
    run: {
      model: trained.modelName,
      spec: trained.spec,
      parameters: trained.parameters,
      epochs: trained.history.epoch.length,
      steps: trained.steps,
      trainSeconds: trained.trainSeconds,
      imagesPerSecond: trained.imagesPerSecond,
      testLoss: trained.test.loss,
      testAccuracy: trained.test.accuracy,
      history: trained.history,
      savedTo: saveTo,
      diagnostics: testDiagnostics(trained.test.probabilities, data.test, data.dataset.classNames),
    },
  };
}
