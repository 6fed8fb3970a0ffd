import { validationSplit, type ImageDataset } from '../data/index.js';
import type { Verbosity } from '../callbacks/index.js';
import type { Objective } from '../tuning/index.js';
import { measureObjectives, type ObjectiveName } from './objectives.js';
import { suggestChapterCandidate, type ChapterSearchSpaceOptions } from './searchSpace.js';
import { saveTrialArtifacts } from './trialArtifacts.js';
import { trainTrial } from './trainTrial.js';

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
  /** Each trial backs up after every epoch ('epoch', the default), or also after every N batches. */
  readonly backupFreq?: 'epoch' | number;
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
 * named by its `artifactDir` user attribute. A trial whose worker was killed is retried from its
 * backup (see `trainTrial`).
 */
export function chapterObjective(options: ChapterObjectiveOptions): Objective {
  const { dataset, epochs } = options;
  const { train, validation } = validationSplit(dataset.train, options.validationSplit ?? 0.2);
  const inputShape = [train.height, train.width, train.channels] as const;
  const objectives = options.objectives ?? ['val_accuracy'];
  const single = objectives.length === 1;
  return async (trial) => {
    const { spec, batchSize } = await suggestChapterCandidate(trial, { ...options.space, inputShape });
    const trained = await trainTrial(trial, {
      training: {
        spec,
        train,
        validation,
        test: dataset.test,
        classNames: dataset.classNames,
        datasetName: dataset.name,
        epochs,
        batchSize,
        verbose: options.verbose ?? 0,
      },
      monitor: 'val_acc',
      prune: single,
      artifactRoot: options.artifactRoot,
      seed: options.seed,
      backupFreq: options.backupFreq,
      backupFingerprint: { spec: JSON.stringify(spec) },
      save: (dir, { model, metadata, predictions }) =>
        saveTrialArtifacts(dir, { model, metadata, predictions: { val: predictions.val!, test: predictions.test } }),
    });
    const values = measureObjectives(objectives, trained);
    return single ? values[0]! : values;
  };
}
