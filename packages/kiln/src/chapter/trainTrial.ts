import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupAndRestore, LambdaCallback, type RunFingerprint } from '../callbacks/index.js';
import { WORKER_ATTR } from '../reports/charts/studyCharts.js';
import type { Examples } from '../data/index.js';
import { RetryFailedTrialCallback, type Trial } from '../tuning/index.js';
import { trainModel, type TrainedArtifacts, type TrainedModel, type TrainModelOptions } from './trainModel.js';
import { ARTIFACT_DIR_ATTR } from './trialArtifacts.js';
import { TrialPruningCallback } from './trialPruningCallback.js';

/** The user attribute of a retried trial: the epochs done in the backup it resumed from (absent when it started afresh). */
export const RESUMED_FROM_EPOCH_ATTR = 'resumedFromEpoch';
/** With a batch backup (`backupFreq` N): the batches of the next epoch done in the backup it resumed from. */
export const RESUMED_FROM_BATCH_ATTR = 'resumedFromBatch';

export interface TrialTrainingOptions {
  /**
   * What to train and on what, as `trainModel` takes it; `validation` is scored after every epoch
   * and reported to the trial (`monitor`).
   */
  readonly training: Omit<TrainModelOptions, 'modelName' | 'trial' | 'seed' | 'callbacks' | 'save'> & {
    readonly validation: Examples;
  };
  /** The validation metric reported to the trial after every epoch, for its pruner. */
  readonly monitor: 'val_acc' | 'val_mae';
  /** Report `monitor` and prune (default true); a multi-objective study neither reports nor prunes, as Optuna's. */
  readonly prune?: boolean;
  /**
   * Where the trial's folder `trial-<number>` goes (`save` fills it), and, while it trains, its
   * backup (`backups/trial-<number>`, kept if its worker is killed, removed once it ends otherwise).
   */
  readonly artifactRoot: string;
  /** Seeds weights, dropout and batch order: trial `n` uses `seed + n`. Random when absent. */
  readonly seed?: number;
  /** Backups after every epoch ('epoch', the default), or also after every N batches. */
  readonly backupFreq?: 'epoch' | number;
  /** What else a resumed backup must match (the trial's parameters, batch size, seed, epochs and data always). */
  readonly backupFingerprint?: RunFingerprint;
  /** Keeps the trained model of a trial that was not pruned in its folder `dir` (its `artifactDir` user attribute). */
  readonly save: (dir: string, trained: TrainedArtifacts) => Promise<void>;
}

/**
 * Trains the model of one tuning trial (`trainModel`, with the trial handed to the model's build
 * as `context.trial`), reporting `monitor` after every epoch to the trial and stopping with
 * `TrialPruned` when its pruner says so, and returns what it trained once `save` has kept it:
 * the one path of `kiln tune`'s trials, the chapter's search
 * and a user's model alike.
 *
 * Every trial backs up after each epoch (and every `backupFreq` batches). A trial whose worker was
 * killed is failed as stale and retried (RetryFailedTrialCallback, same parameters, see
 * `openTuningStudy`); the retry resumes from the original trial's backup, with the original's seed,
 * and records where it resumed (`resumedFromEpoch`, and `resumedFromBatch` from a batch backup).
 */
export async function trainTrial(trial: Trial, options: TrialTrainingOptions): Promise<TrainedModel> {
  // The dashboard's timeline draws each worker's trials on one row.
  await trial.setUserAttr(WORKER_ATTR, `${hostname()}:${process.pid}`);
  const dir = join(options.artifactRoot, `trial-${trial.number}`);
  // A retry trains as the trial it retries: same seed, same backup.
  const original = RetryFailedTrialCallback.retriedTrialNumber(trial.toFrozen()) ?? trial.number;
  const seed = options.seed === undefined ? undefined : options.seed + original;
  const backupDir = join(options.artifactRoot, 'backups', `trial-${original}`);
  const backup = new BackupAndRestore({
    backupDir,
    saveFreq: options.backupFreq,
    // Called once the model is built, so the parameters its build suggested are all there.
    fingerprint: () => ({
      params: JSON.stringify(trial.params),
      batchSize: options.training.batchSize,
      seed: seed ?? null,
      epochs: options.training.epochs,
      data: options.training.fingerprint ?? null,
      ...options.backupFingerprint,
    }),
  });
  const noteResume = {
    onEpochBegin: async () => {
      const from = backup.restoredFrom;
      if (from === undefined || trial.userAttrs[RESUMED_FROM_EPOCH_ATTR] !== undefined) return;
      await trial.setUserAttr(RESUMED_FROM_EPOCH_ATTR, from.epoch);
      if (from.batch > 0) await trial.setUserAttr(RESUMED_FROM_BATCH_ATTR, from.batch);
    },
  };
  try {
    const trained = await trainModel({
      ...options.training,
      modelName: `trial-${trial.number}`,
      trial,
      seed,
      callbacks: [
        new LambdaCallback(noteResume),
        ...(options.prune === false ? [] : [new TrialPruningCallback(trial, options.monitor)]),
        backup,
      ],
      save: (artifacts) => options.save(dir, artifacts),
    });
    await trial.setUserAttr(ARTIFACT_DIR_ATTR, dir);
    return trained;
  } finally {
    // Ended without a kill (complete, pruned or failed): nothing left to resume.
    await rm(backupDir, { recursive: true, force: true });
  }
}
