import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { datasetNames, kilnHome } from '../../data/index.js';
import {
  RetryFailedTrialCallback,
  type FrozenTrial,
  type ParamValue,
  type Storage,
  type Study,
} from '../../tuning/index.js';
import {
  chapterSearchSpaceDefaults,
  countTrials,
  formatBestTrial,
  formatParetoFront,
  formatTrialLine,
  directionsOf,
  objectiveLabels,
  objectiveNames,
  openTuningStudy,
  parseObjectives,
  type ObjectiveName,
  prunerNames,
  readStoredObjectives,
  readTuneSettings,
  runChapterWorker,
  samplerNames,
  settingsMismatch,
  STALE_TRIAL_SECONDS,
  trialTestAccuracy,
  TUNE_SETTINGS_ATTR,
  tuneChapter,
  type PrunerName,
  type SamplerName,
  type TuneSettings,
} from '../../chapter/index.js';
import type { ConvnetSpec } from '../../models/index.js';
import { checkWritableFolder } from '../../files/index.js';
import { loadAnyData, loadData } from '../loadData.js';
import {
  addBackendOptions,
  addUserDataOptions,
  backupEveryOption,
  parseNonNegativeInteger,
  parseOpenFraction,
  parsePositiveInteger,
  type DataOptions,
  type UserDataOptions,
} from '../options.js';
import { onStopSignals } from '../onStopSignals.js';
import { prepareRun, type RunSettings } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';
import { tuneModel, tuningMetric } from '../tuneModel.js';
import { RUN_ATTR, runContext } from '../runContext.js';
import { TuningProgress } from '../tuningProgress.js';
import { UsageError } from '../usageError.js';
import { loadNamedStudy, openStorage, storageOption } from './study.js';

/** The shared data flags but --batch-size, which tune searches over. */
interface TuneOptions extends Omit<DataOptions, 'batchSize'>, UserDataOptions {
  /** With a MODEL: its batch size (the chapter's search chooses its own). */
  readonly batchSize?: number;
  readonly validationSplit: number;
  readonly epochs: number;
  readonly trials: number;
  readonly timeout?: number;
  readonly storage?: string;
  readonly study?: string;
  readonly sampler: SamplerName;
  readonly pruner: PrunerName;
  readonly workers: number;
  readonly out?: string;
  readonly filters: readonly [number, number];
  readonly maxDepth: number;
  readonly convolution: readonly ConvnetSpec['convolution'][];
  readonly workerTrials?: number;
  readonly workerIndex: number;
  readonly warmStart?: string;
  readonly enqueue: readonly Readonly<Record<string, ParamValue>>[];
  readonly staleTrialSeconds: number;
  readonly backupEvery?: number;
  readonly objectives: readonly ObjectiveName[];
}

function parseObjectivesFlag(value: string): ObjectiveName[] {
  try {
    return parseObjectives(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parsePositiveSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !(seconds > 0) || !Number.isFinite(seconds))
    throw new InvalidArgumentError(`'${value}' is not a positive number of seconds.`);
  return seconds;
}

/** What an --enqueue configuration looks like, for its help and its errors. */
const ENQUEUE_EXAMPLE = `'{"optimizer":"adam","learningRate":0.001}'`;

/** One --enqueue configuration (a JSON object of parameter values) added to those before it. */
function collectEnqueued(
  value: string,
  previous: readonly Readonly<Record<string, ParamValue>>[],
): Readonly<Record<string, ParamValue>>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(
      `'${value}' is not JSON: give an object of parameter values, e.g. ${ENQUEUE_EXAMPLE}.`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0)
    throw new InvalidArgumentError(`'${value}' is not an object of parameter values, e.g. ${ENQUEUE_EXAMPLE}.`);
  for (const [name, parameter] of Object.entries(parsed))
    if (!(parameter === null || ['number', 'string', 'boolean'].includes(typeof parameter)))
      throw new InvalidArgumentError(
        `parameter '${name}' in '${value}' is ${JSON.stringify(parameter)}: a value must be a number, string, boolean or null.`,
      );
  return [...previous, parsed as Record<string, ParamValue>];
}

function parseFilterRange(value: string): readonly [number, number] {
  const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(value);
  const [low, high] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
  if (!(low >= 1 && high >= low))
    throw new InvalidArgumentError(`'${value}' is not LOW:HIGH with 1 <= LOW <= HIGH (e.g. 8:64).`);
  return [low, high];
}

/**
 * `kiln tune`: the chapter's step 7.3.2. Searches convnets with a sampler, prunes poor ones per
 * epoch, saves every COMPLETE trial's model and predictions, and at the end measures the best
 * trial's test accuracy once. Same `--study` and `--storage` resume a study; `--workers N` runs N
 * processes on it, and other machines join by running the same command on the same PostgreSQL URL.
 */
export function registerTune(program: Command): void {
  const tune = addBackendOptions(
    program
      .command('tune')
      .option('--data <path>', 'local copy of the dataset (archive or folder); default: the download cache')
      .addOption(new Option('--dataset <name>', 'dataset').choices(datasetNames).default('cifar10'))
      .option(
        '--limit <n>',
        'use a class-balanced random subset of N training images, and of the test set in proportion',
        parsePositiveInteger,
      )
      .option('--epochs <n>', 'epochs each trial trains at most (the chapter: 12)', parsePositiveInteger, 12)
      .option(
        '--trials <n>',
        "trials the study should have (COMPLETE or PRUNED, this run's and earlier runs')",
        parseNonNegativeInteger,
        20,
      )
      .option('--timeout <seconds>', 'start no new trial after this many seconds', parsePositiveSeconds)
      .addOption(storageOption())
      .option('--study <name>', 'study name; an existing study of that name is resumed (default: chapter-<dataset>)')
      .addOption(new Option('--sampler <name>', 'how trials choose parameters').choices(samplerNames).default('tpe'))
      .addOption(
        new Option('--pruner <name>', 'how poor trials are stopped early, judged on validation accuracy per epoch')
          .choices(prunerNames)
          .default('median'),
      )
      .addOption(
        new Option(
          '--objectives <list>',
          `what the study optimizes, comma-separated (${objectiveNames.join(', ')}): val_accuracy is maximized, the others minimized (latency: ms per validation image predicted in batches); several make a multi-objective study, without pruning, whose Pareto front \`kiln study show\` prints`,
        )
          .argParser(parseObjectivesFlag)
          .default(['val_accuracy'], 'val_accuracy'),
      )
      .option('--workers <n>', 'processes on this machine working on the study', parsePositiveInteger, 1)
      .option(
        '--warm-start <study>',
        "a new study starts from this study's finished trials (same storage): TPE learns from them at once; they do not count toward --trials",
      )
      .option(
        '--enqueue <json>',
        `a known-good configuration the study tries first, as a JSON object of parameter values (e.g. ${ENQUEUE_EXAMPLE}; the names as \`kiln study show\` prints them); parameters left out are sampled, one already in the study is not added again; repeat for several`,
        collectEnqueued,
        [],
      )
      .option(
        '--stale-trial-seconds <n>',
        "seconds without a heartbeat after which a running trial counts as dead (its worker killed): it is failed and retried, resuming from its last epoch's backup",
        parsePositiveInteger,
        STALE_TRIAL_SECONDS,
      )
      .addOption(backupEveryOption('each trial backs up after every epoch; also after every N batches'))
      .option(
        '--seed <n>',
        "random seed for the subset, the sampler and each trial (default: the study's when resuming, else random, printed)",
        parseNonNegativeInteger,
      )
      .option('--out <dir>', "folder for the trials' models and predictions (default: $KILN_HOME/studies/<study>)")
      .addOption(
        new Option(
          '--filters <low:high>',
          "range of the first block's filters (log scale; each deeper block doubles them)",
        )
          .argParser(parseFilterRange)
          .default(chapterSearchSpaceDefaults.filters, chapterSearchSpaceDefaults.filters.join(':')),
      )
      .option(
        '--max-depth <n>',
        'most conv blocks to try (fewer if the images are too small)',
        parsePositiveInteger,
        chapterSearchSpaceDefaults.maxDepth,
      )
      .addOption(
        new Option('--convolution <types...>', 'convolution types to try')
          .choices(chapterSearchSpaceDefaults.convolutions)
          .default(chapterSearchSpaceDefaults.convolutions, chapterSearchSpaceDefaults.convolutions.join(' ')),
      )
      .addOption(
        new Option('--worker-trials <n>', 'run as a worker of a `--workers` run: at most N trials, no summary')
          .argParser(parseNonNegativeInteger)
          .hideHelp(),
      )
      .addOption(
        new Option('--worker-index <n>', "a worker's number (offsets its sampler's seed)")
          .argParser(parseNonNegativeInteger)
          .default(0)
          .hideHelp(),
      ),
  );
  // With a MODEL argument: your build(context) module on your data (see tuneUserModel).
  addUserDataOptions(tune)
    .description(
      "tune the chapter's convnets (conv type, batch norm, filters, depth, dropout, optimizer, learning rate, batch size) on validation accuracy; or, given MODEL, your build(context) module's context.trial.suggest* choices on your data",
    )
    .argument(
      '[model]',
      "a .js/.ts module exporting build(context) (or any model `kiln train` takes) to tune instead of the chapter's search space",
    )
    .option(
      '--batch-size <n>',
      'with MODEL: examples per batch (default: 32 for tables, 128 for images)',
      parsePositiveInteger,
    )
    .option(
      '--validation-split <fraction>',
      'with MODEL: last fraction of the training examples each trial is judged on',
      parseOpenFraction,
      0.2,
    );
  tune.action(async (modelArgument: string | undefined, options: TuneOptions) => {
    // Before the storage opens and any trial trains: a trial whose folder cannot be written would be lost at its end.
    if (options.out !== undefined) await checkWritableFolder(options.out);
    if (modelArgument !== undefined) {
      if (options.objectives.length === 1 && options.objectives[0] !== 'val_accuracy')
        throw new UsageError(
          '--objectives: one objective for a MODEL is its validation score (val_acc, or val_mae for regression); give several for a multi-objective study',
        );
      return tuneUserModel(modelArgument, options);
    }
    const storage = await openStorage(options.storage);
    let progress: TuningProgress | undefined;
    let stopHandling = (): void => {};
    try {
      const studyName = options.study ?? `chapter-${options.dataset}`;
      const { stored, settings, tuneSettings } = await settleTuneSettings(storage, studyName, options, options.dataset);
      const storedObjectives = stored === null ? null : await readStoredObjectives(storage, studyName);
      if (storedObjectives !== null && storedObjectives.join() !== options.objectives.join())
        throw new UsageError(
          `study '${studyName}' optimizes ${storedObjectives.join(',')}, not ${options.objectives.join(',')}: pass --objectives ${storedObjectives.join(',')}, or another --study`,
        );
      // Only a new study starts from another's trials (a resumed one already has its own), checked before any work.
      const warmSource =
        stored === null && options.warmStart !== undefined && options.workerTrials === undefined
          ? await loadNamedStudy(storage, options.warmStart)
          : null;
      const artifactRoot = resolve(options.out ?? join(kilnHome(), 'studies', studyName));
      const data = await loadData(options, settings.seed);
      const tuning = {
        storage,
        studyName,
        sampler: options.sampler,
        pruner: options.pruner,
        epochs: options.epochs,
        seed: settings.seed,
        staleTrialSeconds: options.staleTrialSeconds,
        backupFreq: options.backupEvery,
        objectives: options.objectives,
        directions: directionsOf(options.objectives),
        verbose: options.verbose,
        dataset: { ...data.dataset, train: data.train, test: data.test },
        artifactRoot,
        space: { filters: options.filters, maxDepth: options.maxDepth, convolutions: options.convolution },
        nTrials: options.trials,
        timeout: options.timeout,
        onTrial: (trial: FrozenTrial) => {
          const line = formatTrialLine(trial, options.objectives.length > 1 ? options.objectives : undefined);
          if (progress) progress.trialEnded(line, () => study.getTrials(), study.directions[0]!);
          else process.stdout.write(line);
        },
      };
      const study = await openTuningStudy(tuning, options.workerIndex);
      stopHandling = failTrialsOnStop(study, storage, options.workerTrials === undefined);
      if (stored === null) {
        await study.setUserAttr(TUNE_SETTINGS_ATTR, { ...tuneSettings });
        await study.setMetricNames(options.objectives);
      }
      if (options.workerTrials === undefined) await seedStudy(study, warmSource, options.enqueue);
      if (options.workerIndex === 0) await study.setUserAttr(RUN_ATTR, { ...runContext(), backend: settings.backend });
      if (options.workerTrials !== undefined) {
        await runChapterWorker(study, { ...tuning, quota: options.workerTrials });
        return;
      }
      const done = await countTrials(study, false);
      progress = new TuningProgress(options.trials, done);
      process.stdout.write(
        `study '${studyName}': ${done} of ${options.trials} trials done, ${options.workers} worker(s); artifacts in ${tuning.artifactRoot}\n`,
      );
      await noteRunningTrials(study, options.staleTrialSeconds);
      await tuneChapter(study, {
        ...tuning,
        workers: options.workers,
        // The same command line again: the settled seed (so every worker draws the same subset), then the worker flags; commander keeps the last value.
        workerCommand: (index, quota) => [
          ...process.execArgv,
          process.argv[1]!,
          ...process.argv.slice(2),
          '--seed',
          String(settings.seed),
          '--worker-trials',
          String(quota),
          '--worker-index',
          String(index),
        ],
      });
      await progress.finish();
      await reportStudy(study);
    } finally {
      await progress?.finish();
      stopHandling();
      await storage.close();
    }
  });
}

/** `kiln tune MODEL`: a study over the user's model on the user's data, in this process. */
async function tuneUserModel(modelArgument: string, options: TuneOptions): Promise<void> {
  if (options.workers > 1) throw new UsageError("--workers runs the chapter's search; tune a MODEL with one worker");
  const resolved = await resolveModel(modelArgument, options);
  const studyName = options.study ?? resolved.modelName;
  const storage = await openStorage(options.storage);
  let stopHandling = (): void => {};
  try {
    const dataName = options.data === undefined ? options.dataset : resolve(options.data);
    const { stored, settings, tuneSettings } = await settleTuneSettings(storage, studyName, options, dataName);
    const warmSource =
      stored === null && options.warmStart !== undefined ? await loadNamedStudy(storage, options.warmStart) : null;
    const data = await loadAnyData(options, settings.seed);
    const study = await openTuningStudy({
      storage,
      studyName,
      sampler: options.sampler,
      pruner: options.pruner,
      epochs: options.epochs,
      directions: tuningMetric(data, options.objectives).directions,
      seed: settings.seed,
      staleTrialSeconds: options.staleTrialSeconds,
    });
    stopHandling = failTrialsOnStop(study, storage, true);
    if (stored === null) await study.setUserAttr(TUNE_SETTINGS_ATTR, { ...tuneSettings });
    await seedStudy(study, warmSource, options.enqueue);
    await noteRunningTrials(study, options.staleTrialSeconds);
    await tuneModel(study, resolved, data, {
      epochs: options.epochs,
      batchSize: options.batchSize ?? ('images' in data.train ? 128 : 32),
      validationSplit: options.validationSplit,
      trials: options.trials,
      timeout: options.timeout,
      seed: settings.seed,
      verbose: options.verbose,
      artifactRoot: resolve(options.out ?? join(kilnHome(), 'studies', studyName)),
      backupFreq: options.backupEvery,
      objectives: options.objectives,
    });
  } finally {
    stopHandling();
    await storage.close();
  }
}

/**
 * The trials a run adds before sampling any: a new study's copies of another study's finished
 * trials (--warm-start), then the --enqueue configurations the study does not hold yet.
 */
async function seedStudy(
  study: Study,
  warmSource: Study | null,
  enqueued: readonly Readonly<Record<string, ParamValue>>[],
): Promise<void> {
  if (warmSource !== null) {
    const copied = await study.warmStartFrom(warmSource);
    process.stdout.write(`warm start: ${copied} finished trial(s) of study '${warmSource.studyName}' copied\n`);
  }
  if (enqueued.length === 0) return;
  const before = (await study.getTrials()).length;
  for (const params of enqueued) await study.enqueueTrial(params, { skipIfExists: true });
  const added = (await study.getTrials()).length - before;
  process.stdout.write(
    `enqueued: ${added} of ${enqueued.length} configuration(s) to try first${added < enqueued.length ? ' (the others are in the study already)' : ''}\n`,
  );
}

/**
 * The backend and seed of a run of study `studyName`, and the settings that make its trials
 * comparable: a resumed study reuses its seed (so its subset and validation split stay the same
 * examples, and a retried trial finds its backup), and flags that would change its data or
 * epochs are refused.
 */
async function settleTuneSettings(
  storage: Storage,
  studyName: string,
  options: TuneOptions,
  dataset: string,
): Promise<{ stored: TuneSettings | null; settings: RunSettings; tuneSettings: TuneSettings }> {
  const stored = await readTuneSettings(storage, studyName);
  const settings = await prepareRun({ ...options, seed: options.seed ?? stored?.seed });
  const tuneSettings: TuneSettings = {
    dataset,
    limit: options.limit ?? null,
    epochs: options.epochs,
    seed: settings.seed,
  };
  const mismatch = stored === null ? null : settingsMismatch(stored, tuneSettings);
  if (mismatch !== null) {
    throw new UsageError(
      `study '${studyName}' cannot go on with these flags: ${mismatch}, so new trials would not be comparable with its earlier ones; pass the same flags (leave out --seed to reuse its seed), or another --study`,
    );
  }
  return { stored, settings, tuneSettings };
}

/**
 * Ctrl-C or SIGTERM fails this process's running trial, so it does not stay RUNNING and count
 * against --trials, and queues it again, so that the next run resumes it from its last backup.
 * Returns the function that stops listening.
 */
function failTrialsOnStop(study: Study, storage: Storage, secondExitsAtOnce: boolean): () => void {
  return onStopSignals(
    async (signal) => {
      // Queued again like a killed worker's trial (up to its retry limit): the next run resumes it from its last backup.
      const failed = await study.failRunningTrials(`interrupted by ${signal}`, { retry: true });
      const queued =
        failed.length > 0 &&
        (await study.getTrials(['WAITING'])).some((trial) =>
          RetryFailedTrialCallback.retryHistory(trial).some((number) => failed.includes(number)),
        );
      process.stderr.write(
        `kiln: ${failed.length === 0 ? 'no trial was running' : `trial ${failed.join(', ')} recorded as FAIL (interrupted by ${signal})${queued ? ' and queued again' : ''}`}; ` +
          `study '${study.studyName}' keeps its finished trials: run the same command to go on` +
          `${queued ? ', resuming the queued trial from its last backup (if it made one)' : ''}\n`,
      );
      await storage.close();
    },
    { secondExitsAtOnce },
  );
}

/** Why the trials RUNNING in the study count toward --trials, and when a killed run's are retried. */
async function noteRunningTrials(study: Study, staleTrialSeconds: number): Promise<void> {
  const running = (await study.getTrials(['RUNNING'])).length;
  if (running > 0) {
    process.stdout.write(
      `${running} trial(s) RUNNING elsewhere count toward --trials (a killed run's are failed, and retried from their backups, ${staleTrialSeconds} s after their last heartbeat)\n`,
    );
  }
}

/** How the study's trials ended, then its best trial with the test accuracy of its saved predictions. */
async function reportStudy(study: Study): Promise<void> {
  const trials = study.trials;
  const states = (['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING'] as const).map(
    (state) => `${trials.filter((t) => t.state === state).length} ${state}`,
  );
  process.stdout.write(`${trials.length} trials: ${states.join(', ')}\n`);
  if (!trials.some((t) => t.state === 'COMPLETE')) {
    process.stdout.write('no COMPLETE trial yet: run again with more --trials or --epochs\n');
    return;
  }
  if (study.isMultiObjective) {
    process.stdout.write(formatParetoFront(study.bestTrials, await objectiveLabels(study)));
    return;
  }
  process.stdout.write(formatBestTrial(study.bestTrial, await trialTestAccuracy(study.bestTrial)));
}
