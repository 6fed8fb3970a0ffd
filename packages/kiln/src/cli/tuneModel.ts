import { join } from 'node:path';
import {
  formatParam,
  formatTrialLine,
  runTuningWorker,
  countTrials,
  saveTrialArtifacts,
  trainTrial,
} from '../chapter/index.js';
import { sliceExamples, taskOf } from '../data/index.js';
import { saveModel } from '../models/index.js';
import { ARTIFACT_DIR_ATTR } from '../chapter/index.js';
import type { StudyDirection, Study, FrozenTrial } from '../tuning/index.js';
import type { Verbosity } from '../callbacks/index.js';
import type { AnyData } from './loadData.js';
import type { ResolvedModel } from './resolveModel.js';

export interface TuneModelOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  readonly trials: number;
  readonly timeout?: number;
  readonly seed: number;
  readonly verbose: Verbosity;
  /** Where each trial's folder `trial-<number>` goes, and its backup while it trains. */
  readonly artifactRoot: string;
  /** Each trial backs up after every epoch ('epoch'), or also after every N batches. */
  readonly backupFreq?: 'epoch' | number;
}

/** What a study of the user's model optimizes: validation accuracy for a classifier, mae for a regressor. */
export function tuningMetric(data: AnyData): {
  readonly metric: 'val_acc' | 'val_mae';
  readonly direction: StudyDirection;
} {
  return taskOf(data.dataset) === 'classification'
    ? { metric: 'val_acc', direction: 'maximize' }
    : { metric: 'val_mae', direction: 'minimize' };
}

/**
 * `kiln tune MODEL`: an Optuna-style study over a user's `build(context)` (or any model, whose
 * hyperparameters then are none but the seed), opened with `openTuningStudy`: each trial builds the
 * model with `context.trial`, trains it on the training examples minus their last
 * `validationSplit`, reports validation accuracy (maximized) or mae (minimized) after every epoch
 * for pruning, and saves its model and predictions so `kiln ensemble --study` can combine the best.
 * Trials back up as the chapter's do (`trainTrial`): a trial whose process was killed is retried,
 * from its backup, by the next run of the same command.
 */
export async function tuneModel(
  study: Study,
  resolved: ResolvedModel,
  data: AnyData,
  options: TuneModelOptions,
): Promise<void> {
  const task = taskOf(data.dataset);
  const { metric } = tuningMetric(data);
  const splitAt = Math.floor(data.train.count * (1 - options.validationSplit));
  const train = sliceExamples(data.train, 0, splitAt);
  const validation = sliceExamples(data.train, splitAt, data.train.count);
  const done = await countTrials(study, false);
  process.stdout.write(
    `study '${study.studyName}': ${done} of ${options.trials} trials done, ${metric} ${task === 'classification' ? 'maximized' : 'minimized'}; artifacts in ${options.artifactRoot}\n`,
  );
  await runTuningWorker(
    study,
    async (trial) => {
      const scores = await trainTrial(trial, {
        training: {
          source: resolved.source,
          train,
          validation,
          test: data.test,
          classNames: data.dataset.classNames,
          task,
          preprocessing: data.dataset.preprocessing,
          fingerprint: data.fingerprint,
          datasetName: data.dataset.name,
          epochs: options.epochs,
          batchSize: options.batchSize,
          verbose: options.verbose,
        },
        monitor: metric,
        artifactRoot: options.artifactRoot,
        seed: options.seed,
        backupFreq: options.backupFreq,
        backupFingerprint: { model: resolved.modelName },
        save: (dir, { model, metadata, predictions }) =>
          task === 'classification'
            ? saveTrialArtifacts(dir, {
                model,
                metadata,
                predictions: { val: predictions.val!, test: predictions.test },
              })
            : saveModel(model, join(dir, 'model'), metadata),
      });
      return 'accuracy' in scores ? scores.accuracy : scores.mae;
    },
    {
      nTrials: options.trials,
      quota: Math.max(0, options.trials - done),
      timeout: options.timeout,
      onTrial: (trial) => process.stdout.write(formatTrialLine(trial, metric)),
    },
  );
  await study.refresh();
  const trials = study.trials;
  const states = (['COMPLETE', 'PRUNED', 'FAIL'] as const).map(
    (state) => `${trials.filter((t) => t.state === state).length} ${state}`,
  );
  process.stdout.write(`${trials.length} trials: ${states.join(', ')}\n`);
  if (!trials.some((trial) => trial.state === 'COMPLETE')) {
    process.stdout.write('no COMPLETE trial: see the FAIL reasons above, or run with more --trials\n');
    return;
  }
  const best = study.bestTrial;
  process.stdout.write(
    `best trial ${best.number}: ${metric} ${best.value!.toFixed(4)} ${formatParams(best)}\nits model: ${join(best.userAttrs[ARTIFACT_DIR_ATTR] as string, 'model')}\n`,
  );
}

function formatParams(trial: FrozenTrial): string {
  return Object.entries(trial.params)
    .map(([name, value]) => `${name}=${formatParam(value)}`)
    .join(' ');
}
