import { join } from 'node:path';
import {
  directionsOf,
  formatParam,
  formatParetoFront,
  formatTrialLine,
  measureObjectives,
  runTuningWorker,
  countTrials,
  saveTrialArtifacts,
  trainTrial,
  type ObjectiveName,
} from '../chapter/index.js';
import { taskOf, validationSplit } from '../data/index.js';
import { saveModel } from '../models/index.js';
import { ARTIFACT_DIR_ATTR } from '../chapter/index.js';
import type { StudyDirection, Study, FrozenTrial } from '../tuning/index.js';
import type { Verbosity } from '../callbacks/index.js';
import type { AnyData } from './loadData.js';
import type { ResolvedModel } from './resolveModel.js';
import { UsageError } from './usageError.js';

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
  /** Several objectives make a multi-objective study (no pruning); one validation score by default. */
  readonly objectives?: readonly ObjectiveName[];
}

/**
 * What a study of the user's model optimizes: validation accuracy for a classifier, mae for a
 * regressor (`metric`, reported for pruning), or, given several `objectives`, those.
 */
export function tuningMetric(
  data: AnyData,
  objectives?: readonly ObjectiveName[],
): { readonly metric: 'val_acc' | 'val_mae'; readonly directions: StudyDirection[] } {
  const classifier = taskOf(data.dataset) === 'classification';
  const metric = classifier ? 'val_acc' : 'val_mae';
  if (objectives === undefined || objectives.length <= 1)
    return { metric, directions: [classifier ? 'maximize' : 'minimize'] };
  if (objectives.includes('val_accuracy') && !classifier)
    throw new UsageError('--objectives val_accuracy needs a classification task; for regression use val_loss');
  return { metric, directions: directionsOf(objectives) };
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
  const { metric } = tuningMetric(data, options.objectives);
  const objectives = options.objectives !== undefined && options.objectives.length > 1 ? options.objectives : null;
  if (objectives !== null) await study.setMetricNames(objectives);
  const { train, validation } = validationSplit(data.train, options.validationSplit);
  const done = await countTrials(study, false);
  process.stdout.write(
    `study '${study.studyName}': ${done} of ${options.trials} trials done, ${objectives === null ? `${metric} ${task === 'classification' ? 'maximized' : 'minimized'}` : `objectives ${objectives.join(', ')}`}; artifacts in ${options.artifactRoot}\n`,
  );
  await runTuningWorker(
    study,
    async (trial) => {
      const trained = await trainTrial(trial, {
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
        prune: objectives === null,
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
      if (objectives !== null) return measureObjectives(objectives, trained);
      const scores = trained.validation!;
      return 'accuracy' in scores ? scores.accuracy : scores.mae;
    },
    {
      nTrials: options.trials,
      quota: Math.max(0, options.trials - done),
      timeout: options.timeout,
      onTrial: (trial) => process.stdout.write(formatTrialLine(trial, objectives ?? [metric])),
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
  if (objectives !== null) {
    process.stdout.write(formatParetoFront(study.bestTrials, objectives));
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
