import { hostname } from 'node:os';
import { join } from 'node:path';
import { validationSplit, type ImageDataset } from '../../data/index.js';
import { accuracy } from '../../ensembling/index.js';
import { buildConvnet } from '../../models/index.js';
import { WORKER_ATTR } from '../../reports/charts/studyCharts.js';
import { fit, predict, type Verbosity } from '../../training/index.js';
import type { Objective } from '../study.js';
import { TrialPruned } from '../trialPruned.js';
import { suggestChapterCandidate, type ChapterSearchSpaceOptions } from './searchSpace.js';
import { ARTIFACT_DIR_ATTR, saveTrialArtifacts } from './trialArtifacts.js';

export interface ChapterObjectiveOptions {
  /** Trains on `train` minus its validation split; `test` is only predicted and saved, never scored here. */
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
    const seed = options.seed === undefined ? undefined : options.seed + trial.number;
    const model = buildConvnet(spec, { inputShape, numClasses: dataset.classNames.length, seed });
    try {
      await fit(model, train, {
        epochs,
        batchSize,
        validationData: validation,
        verbose: options.verbose ?? 0,
        seed,
        callbacks: {
          onEpochEnd: async (epoch, logs) => {
            await trial.report(logs.val_acc!, epoch + 1);
            if (await trial.shouldPrune())
              throw new TrialPruned(`pruned after epoch ${epoch + 1} at val_acc ${logs.val_acc!.toFixed(4)}`);
          },
        },
      });
      const valProbabilities = predict(model, validation);
      const dir = join(options.artifactRoot, `trial-${trial.number}`);
      await saveTrialArtifacts(dir, {
        model,
        metadata: {
          modelName: `trial-${trial.number}`,
          spec,
          inputShape,
          classNames: dataset.classNames,
          dataset: dataset.name,
        },
        predictions: {
          val: { probabilities: valProbabilities, labels: validation.labels },
          test: { probabilities: predict(model, dataset.test), labels: dataset.test.labels },
        },
      });
      await trial.setUserAttr(ARTIFACT_DIR_ATTR, dir);
      return accuracy(valProbabilities, validation.labels);
    } finally {
      // A model compiled with an optimizer instance does not own it, so its dispose() leaves the optimizer's state (Adam's moments, ...) behind.
      model.optimizer.dispose();
      model.dispose();
    }
  };
}
