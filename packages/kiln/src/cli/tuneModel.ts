import { join, resolve } from 'node:path';
import { trainModel } from '../chapter/trainModel.js';
import {
  ARTIFACT_DIR_ATTR,
  createPruner,
  createSampler,
  directionsOf,
  formatParam,
  formatParetoFront,
  formatTrialLine,
  measureObjectives,
  OBJECTIVES_ATTR,
  saveTrialArtifacts,
} from '../chapter/index.js';
import type { ObjectiveName, PrunerName, SamplerName } from '../chapter/index.js';
import { kilnHome, sliceExamples, taskOf } from '../data/index.js';
import { saveModel } from '../models/index.js';
import { createStudy, FAIL_REASON, TrialPruned, type FrozenTrial, type Storage, type Trial } from '../tuning/index.js';
import type { Verbosity } from '../callbacks/index.js';
import type { AnyData } from './loadData.js';
import type { ResolvedModel } from './resolveModel.js';
import { UsageError } from './usageError.js';

export interface TuneModelOptions {
  readonly storage: Storage;
  readonly studyName: string;
  readonly sampler: SamplerName;
  readonly pruner: PrunerName;
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  readonly trials: number;
  readonly timeout?: number;
  readonly seed: number;
  readonly verbose: Verbosity;
  readonly out?: string;
  /** Several objectives make a multi-objective study (no pruning); one validation score by default. */
  readonly objectives?: readonly ObjectiveName[];
}

/**
 * `kiln tune MODEL`: an Optuna-style study over a user's `build(context)` (or any model, whose
 * hyperparameters then are none but the seed): each trial builds the model with `context.trial`,
 * trains it on the training examples minus their last `validationSplit`, reports validation
 * accuracy (maximized) or mae (minimized) after every epoch for pruning, and saves its model and
 * predictions so `kiln ensemble --study` can combine the best.
 */
export async function tuneModel(resolved: ResolvedModel, data: AnyData, options: TuneModelOptions): Promise<void> {
  const task = taskOf(data.dataset);
  const metric = task === 'classification' ? 'val_acc' : 'val_mae';
  const objectives = options.objectives !== undefined && options.objectives.length > 1 ? options.objectives : null;
  if (objectives?.includes('val_accuracy') && task !== 'classification')
    throw new UsageError('--objectives val_accuracy needs a classification task; for regression use val_loss');
  const study = await createStudy({
    storage: options.storage,
    studyName: options.studyName,
    ...(objectives === null
      ? { direction: task === 'classification' ? 'maximize' : 'minimize' }
      : { directions: directionsOf(objectives) }),
    sampler: createSampler(options.sampler, options.seed),
    pruner: createPruner(options.pruner, options.epochs),
    loadIfExists: true,
  });
  const splitAt = Math.floor(data.train.count * (1 - options.validationSplit));
  const train = sliceExamples(data.train, 0, splitAt);
  const validation = sliceExamples(data.train, splitAt, data.train.count);
  const artifactRoot = resolve(options.out ?? join(kilnHome(), 'studies', options.studyName));
  if (objectives !== null) await study.setUserAttr(OBJECTIVES_ATTR, [...objectives]);
  const done = study.trials.filter((trial) => trial.state === 'COMPLETE' || trial.state === 'PRUNED').length;
  process.stdout.write(
    `study '${options.studyName}': ${done} of ${options.trials} trials done, ${objectives === null ? `${metric} ${task === 'classification' ? 'maximized' : 'minimized'}` : `objectives ${objectives.join(', ')}`}; artifacts in ${artifactRoot}\n`,
  );
  await study.optimize(
    async (trial: Trial) => {
      const dir = join(artifactRoot, `trial-${trial.number}`);
      const trained = await trainModel({
        modelName: `trial-${trial.number}`,
        source: resolved.source,
        trial,
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
        seed: options.seed + trial.number,
        verbose: options.verbose,
        // A multi-objective study does not prune (as Optuna's).
        callbacks:
          objectives !== null
            ? []
            : {
                onEpochEnd: async (epoch, logs) => {
                  const value = logs[metric]!;
                  await trial.report(value, epoch + 1);
                  if (await trial.shouldPrune())
                    throw new TrialPruned(`pruned after epoch ${epoch + 1} at ${metric} ${value}`);
                },
              },
        save: ({ model, metadata, predictions }) =>
          task === 'classification'
            ? saveTrialArtifacts(dir, {
                model,
                metadata,
                predictions: { val: predictions.val!, test: predictions.test },
              })
            : saveModel(model, join(dir, 'model'), metadata),
      });
      await trial.setUserAttr(ARTIFACT_DIR_ATTR, dir);
      if (objectives !== null) return measureObjectives(objectives, trained);
      const scores = trained.validation!;
      return 'accuracy' in scores ? scores.accuracy : scores.mae;
    },
    {
      nTrials: Math.max(0, options.trials - done),
      timeout: options.timeout,
      callbacks: [
        (_study, trial) => {
          process.stdout.write(objectives === null ? trialLine(trial, metric) : formatTrialLine(trial, objectives));
        },
      ],
    },
  );
  const complete = study.trials.filter((trial) => trial.state === 'COMPLETE');
  const states = (['COMPLETE', 'PRUNED', 'FAIL'] as const).map(
    (state) => `${study.trials.filter((t) => t.state === state).length} ${state}`,
  );
  process.stdout.write(`${study.trials.length} trials: ${states.join(', ')}\n`);
  if (complete.length === 0) {
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

function trialLine(trial: FrozenTrial, metric: string): string {
  const value = trial.value === null ? '' : ` ${metric} ${trial.value.toFixed(4)}`;
  const reason = trial.state === 'FAIL' ? ` (${String(trial.systemAttrs[FAIL_REASON] ?? 'failed')})` : '';
  return `trial ${trial.number} ${trial.state}${value}${reason} ${formatParams(trial)}\n`;
}
