import { hostname } from 'node:os';
import { join } from 'node:path';
import { validationSplit, type ImageDataset } from '../data/index.js';
import { trainModel } from './trainModel.js';
import type { Verbosity } from '../callbacks/index.js';
import { type Objective, TrialPruned } from '../tuning/index.js';
import { suggestChapterCandidate, type ChapterSearchSpaceOptions } from './searchSpace.js';
import { ARTIFACT_DIR_ATTR, saveTrialArtifacts } from './trialArtifacts.js';
import { WORKER_ATTR } from '../reports/charts/studyCharts.js';

export interface ChapterObjectiveOptions {
  /** Trains on `train` minus its validation split; `test` is predicted and saved, never used to choose. */
  readonly dataset: ImageDataset;
  readonly epochs: number;
  /** Fraction of `train` held out for validation (its last images, as Keras); default 0.2, the chapter's. */
  readonly validationSplit?: number;
  /** Where each COMPLETE trial's folder `trial-<number>` goes. */
  readonly artifactRoot: string;
  /** Narrower bounds for the search space; the image shape comes from the dataset. */
  readonly space?: Omit<ChapterSearchSpaceOptions, 'inputShape'>;
  /** Seeds weights, dropout and batch order: trial `n` uses `seed + n`. Random when absent. */
  readonly seed?: number;
  /** Keras verbosity of each trial's training, to stderr; default 0 (silent). */
  readonly verbose?: Verbosity;
}

/**
 * The chapter's objective (7.3.2, steps 2-3): build the convnet the trial suggests, train it,
 * and return its final validation accuracy (to maximize). After every epoch it reports the
 * validation accuracy at step `epochs trained` and stops with `TrialPruned` when the pruner says
 * so. A COMPLETE trial leaves its model and its validation and test predictions in the folder
 * named by its `artifactDir` user attribute.
 */
export function chapterObjective(options: ChapterObjectiveOptions): Objective {
  const { dataset, epochs } = options;
  const { train, validation } = validationSplit(dataset.train, options.validationSplit ?? 0.2);
  const inputShape = [train.height, train.width, train.channels] as const;
  return async (trial) => {
    // The dashboard's timeline draws each worker's trials on one row.
    await trial.setUserAttr(WORKER_ATTR, `${hostname()}:${process.pid}`);
    const { spec, batchSize } = await suggestChapterCandidate(trial, { ...options.space, inputShape });
    const dir = join(options.artifactRoot, `trial-${trial.number}`);
    const trained = await trainModel({
      modelName: `trial-${trial.number}`,
      spec,
      train,
      validation,
      test: dataset.test,
      classNames: dataset.classNames,
      datasetName: dataset.name,
      epochs,
      batchSize,
      seed: options.seed === undefined ? undefined : options.seed + trial.number,
      verbose: options.verbose ?? 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          await trial.report(logs.val_acc!, epoch + 1);
          if (await trial.shouldPrune())
            throw new TrialPruned(`pruned after epoch ${epoch + 1} at val_acc ${logs.val_acc!.toFixed(4)}`);
        },
      },
      save: ({ model, metadata, predictions }) =>
        saveTrialArtifacts(dir, { model, metadata, predictions: { val: predictions.val!, test: predictions.test } }),
    });
    await trial.setUserAttr(ARTIFACT_DIR_ATTR, dir);
    const scores = trained.validation!;
    if (!('accuracy' in scores)) throw new Error('the chapter tunes classifiers: its objective is validation accuracy');
    return scores.accuracy;
  };
}
