import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupAndRestore, LambdaCallback } from '../callbacks/index.js';
import { validationSplit, type ImageDataset } from '../data/index.js';
import { WORKER_ATTR } from '../reports/charts/studyCharts.js';
import { trainModel } from './trainModel.js';
import type { Verbosity } from '../callbacks/index.js';
import { RetryFailedTrialCallback, type Objective } from '../tuning/index.js';
import { measureObjectives, type ObjectiveName } from './objectives.js';
import { suggestChapterCandidate, type ChapterSearchSpaceOptions } from './searchSpace.js';
import { ARTIFACT_DIR_ATTR, saveTrialArtifacts } from './trialArtifacts.js';
import { TrialPruningCallback } from './trialPruningCallback.js';

/** The user attribute of a retried trial: the epoch its backup resumed it at (absent when it started afresh). */
export const RESUMED_FROM_EPOCH_ATTR = 'resumedFromEpoch';

export interface ChapterObjectiveOptions {
  /** Trains on `train` minus its validation split; `test` is predicted and saved, never used to choose. */
  readonly dataset: ImageDataset;
  readonly epochs: number;
  /** Fraction of `train` held out for validation (its last images, as Keras); default 0.2, the chapter's. */
  readonly validationSplit?: number;
  /**
   * Where each COMPLETE trial's folder `trial-<number>` goes, and, while it trains, its backup
   * (`backups/trial-<number>`, kept if its worker is killed, removed once it ends otherwise).
   */
  readonly artifactRoot: string;
  /** Narrower bounds for the search space; the image shape comes from the dataset. */
  readonly space?: Omit<ChapterSearchSpaceOptions, 'inputShape'>;
  /** Seeds weights, dropout and batch order: trial `n` uses `seed + n`. Random when absent. */
  readonly seed?: number;
  /** Keras verbosity of each trial's training, to stderr; default 0 (silent). */
  readonly verbose?: Verbosity;
  /**
   * What the trial returns: validation accuracy by default; with several objectives, their values in
   * order (a multi-objective study: no pruning, as Optuna's).
   */
  readonly objectives?: readonly ObjectiveName[];
}

/**
 * The chapter's objective (7.3.2, steps 2-3): build the convnet the trial suggests, train it,
 * and return its final validation accuracy (to maximize), or the values of `objectives`. After every epoch it reports the
 * validation accuracy at step `epochs trained` and stops with `TrialPruned` when the pruner says
 * so. A COMPLETE trial leaves its model and its validation and test predictions in the folder
 * named by its `artifactDir` user attribute.
 *
 * Every trial backs up after each epoch. A trial whose worker was killed is failed as stale and
 * retried (RetryFailedTrialCallback, same parameters); the retry resumes from the original trial's
 * backup, with the original's seed, and records the epoch it resumed at (`resumedFromEpoch`).
 */
export function chapterObjective(options: ChapterObjectiveOptions): Objective {
  const { dataset, epochs } = options;
  const { train, validation } = validationSplit(dataset.train, options.validationSplit ?? 0.2);
  const inputShape = [train.height, train.width, train.channels] as const;
  const objectives = options.objectives ?? ['val_accuracy'];
  const single = objectives.length === 1;
  return async (trial) => {
    // The dashboard's timeline draws each worker's trials on one row.
    await trial.setUserAttr(WORKER_ATTR, `${hostname()}:${process.pid}`);
    const { spec, batchSize } = await suggestChapterCandidate(trial, { ...options.space, inputShape });
    const dir = join(options.artifactRoot, `trial-${trial.number}`);
    // A retry trains as the trial it retries: same seed, same backup.
    const original = RetryFailedTrialCallback.retriedTrialNumber(trial.toFrozen()) ?? trial.number;
    const seed = options.seed === undefined ? undefined : options.seed + original;
    const backupDir = join(options.artifactRoot, 'backups', `trial-${original}`);
    const backup = new BackupAndRestore({
      backupDir,
      fingerprint: { spec: JSON.stringify(spec), batchSize, seed: seed ?? null, epochs },
    });
    const noteResume = {
      onEpochBegin: async () => {
        const from = backup.restoredFrom;
        if (from !== undefined && trial.userAttrs[RESUMED_FROM_EPOCH_ATTR] === undefined)
          await trial.setUserAttr(RESUMED_FROM_EPOCH_ATTR, from.epoch);
      },
    };
    try {
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
        seed,
        verbose: options.verbose ?? 0,
        callbacks: [new LambdaCallback(noteResume), ...(single ? [new TrialPruningCallback(trial)] : []), backup],
        save: ({ model, metadata, predictions }) =>
          saveTrialArtifacts(dir, { model, metadata, predictions: { val: predictions.val!, test: predictions.test } }),
      });
      await trial.setUserAttr(ARTIFACT_DIR_ATTR, dir);
      const values = measureObjectives(objectives, trained);
      return single ? values[0]! : values;
    } finally {
      // Ended without a kill (complete, pruned or failed): nothing left to resume.
      await rm(backupDir, { recursive: true, force: true });
    }
  };
}
