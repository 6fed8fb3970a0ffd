import { cp, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { trainModel } from '../chapter/trainModel.js';
import { isImageSet, taskOf, validationSplit, type Examples } from '../data/index.js';
import type { ProbabilityMatrix } from '../metrics/index.js';
import { saveModel, type CompileOverrides } from '../models/index.js';
import { testDiagnostics, type ModelRun } from '../reports/index.js';
import { scoreOutputs, type ClassifierEvaluation, type RegressionEvaluation } from '../training/index.js';
import type { AnyData } from './loadData.js';
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
 * `saveTo` with the files `extraFiles(run)` names (a run record) and history.csv in the same
 * crash-safe step, then the checkpoint (both from the workspace, which stays for a rerun until the
 * command is done).
 */
export async function trainFromFlags(
  resolved: ResolvedModel,
  data: AnyData,
  options: TrainingOptions & CompileOverrides,
  settings: RunSettings,
  saveTo: string,
  workspace: ModelWorkspace,
  extraFiles: (run: ModelRun) => Record<string, string> = () => ({}),
): Promise<TrainedRun> {
  // The LAST fraction, as Keras' validation_split; none at 0.
  const split: { train: Examples; validation?: Examples } =
    options.validationSplit > 0 ? validationSplit(data.train, options.validationSplit) : { train: data.train };
  let run: ModelRun | undefined;
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
    ...(options.augment ? { augment: options.augment } : {}),
    seed: settings.seed,
    verbose: options.verbose,
    callbacks: trainingCallbacks(options, resolved.spec, Math.ceil(split.train.count / options.batchSize), workspace),
    save: async ({ model, metadata, predictions, history, trainSeconds }) => {
      const epochs = history.epoch.length;
      const { test } = data;
      run = {
        model: resolved.modelName,
        ...(resolved.spec ? { spec: resolved.spec } : {}),
        parameters: model.countParams(),
        epochs,
        steps: epochs * Math.ceil(split.train.count / options.batchSize),
        trainSeconds,
        imagesPerSecond: (epochs * split.train.count) / trainSeconds,
        ...testScores(scoreOutputs(predictions.test.probabilities, test)),
        history,
        savedTo: saveTo,
        ...(isImageSet(test)
          ? { diagnostics: testDiagnostics(predictions.test.probabilities, test, data.dataset.classNames) }
          : {}),
      };
      const historyCsv = await readFile(join(workspace.dir, historyFile), 'utf8');
      await saveModel(model, saveTo, metadata, { ...extraFiles(run), [historyFile]: historyCsv });
      const checkpoint = options.checkpoint && join(workspace.dir, options.checkpoint);
      if (checkpoint && (await stat(checkpoint).catch(() => undefined)))
        await cp(checkpoint, join(saveTo, options.checkpoint!), { recursive: true });
    },
  });
  return { testProbabilities: trained.test.probabilities, run: run! };
}

function testScores(
  score: ClassifierEvaluation | RegressionEvaluation,
): Pick<ModelRun, 'testLoss' | 'testAccuracy' | 'testTopKAccuracy' | 'testMae'> {
  if ('mae' in score) return { testLoss: score.loss, testMae: score.mae };
  return {
    testLoss: score.loss,
    testAccuracy: score.accuracy,
    ...(score.topKAccuracy === undefined ? {} : { testTopKAccuracy: score.topKAccuracy }),
  };
}
