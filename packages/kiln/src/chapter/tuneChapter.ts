import { shareCores } from '../backend/shareCores.js';
import {
  createStudy,
  findStudyId,
  WARM_START_SOURCE,
  RetryFailedTrialCallback,
  type FrozenTrial,
  type Storage,
  type Study,
} from '../tuning/index.js';
import { chapterObjective, type ChapterObjectiveOptions } from './objective.js';
import { directionsOf, type ObjectiveName } from './objectives.js';
import { createPruner, createSampler, type PrunerName, type SamplerName } from './studyParts.js';
import { spawnWorkers, type WorkerCommand } from './workerPool.js';

export interface ChapterStudyOptions {
  readonly storage: Storage;
  readonly studyName: string;
  readonly sampler: SamplerName;
  readonly pruner: PrunerName;
  readonly epochs: number;
  /** Seeds the sampler (offset by the worker's index, so workers draw different points) and each trial. */
  readonly seed?: number;
  /** Seconds without a heartbeat after which a RUNNING trial is failed and retried; default STALE_TRIAL_SECONDS. */
  readonly staleTrialSeconds?: number;
  /** What the study optimizes; validation accuracy by default. */
  readonly objectives?: readonly ObjectiveName[];
}

export interface ChapterWorkerOptions extends ChapterObjectiveOptions {
  /** The study's target: no trial starts once this many are COMPLETE, PRUNED or RUNNING anywhere. */
  readonly nTrials: number;
  /** The most trials this process runs. */
  readonly quota: number;
  /** Seconds after which no new trial starts. */
  readonly timeout?: number;
  /** Called as each trial of this process ends. */
  readonly onTrial?: (trial: FrozenTrial) => void;
}

export interface ChapterTuneOptions extends Omit<ChapterWorkerOptions, 'quota'> {
  /** Processes on this machine, this one included; default 1. */
  readonly workers?: number;
  /** How to start worker `index` (1..workers-1) running `quota` trials of the same study. */
  readonly workerCommand?: WorkerCommand;
}

/** A study is done with a trial that ended either way; RUNNING ones are on their way (maybe on other machines). */
const countedStates = ['COMPLETE', 'PRUNED', 'RUNNING'] as const;
/** Seconds between a running trial's heartbeats. */
const heartbeatInterval = 60;
/**
 * Seconds without a heartbeat after which a RUNNING trial is failed as its worker's death. The
 * heartbeat runs between training batches (well under a second each on onednn, up to minutes on
 * tfjs' cpu backend), but not while a trial evaluates its validation or test images, which blocks
 * for seconds on onednn and far longer on cpu.
 */
export const STALE_TRIAL_SECONDS = 600;
/** Retries of one trial whose worker died, at most (a trial that kills its worker every time is not retried forever). */
const maxTrialRetries = 3;

/**
 * Opens (or creates) the study to maximize validation accuracy (or to optimize `objectives`) with
 * the named sampler and pruner.
 * The sampler's seed is `seed`, offset by the worker's index and by the trials the study already
 * has, so parallel workers and resumed runs draw new points rather than repeat earlier ones.
 */
export async function openChapterStudy(options: ChapterStudyOptions, workerIndex = 0): Promise<Study> {
  const studyId = await findStudyId(options.storage, options.studyName);
  const earlier = studyId === null ? 0 : (await options.storage.getAllTrials(studyId)).length;
  return createStudy({
    storage: options.storage,
    studyName: options.studyName,
    directions: directionsOf(options.objectives ?? ['val_accuracy']),
    loadIfExists: true,
    sampler: createSampler(
      options.sampler,
      options.seed === undefined ? undefined : options.seed + workerIndex * 7919 + earlier,
    ),
    pruner: createPruner(options.pruner, options.epochs),
    heartbeatInterval: Math.min(
      heartbeatInterval,
      Math.max(1, Math.floor((options.staleTrialSeconds ?? STALE_TRIAL_SECONDS) / 4)),
    ),
    gracePeriod: options.staleTrialSeconds ?? STALE_TRIAL_SECONDS,
    // A trial failed for its worker's death runs again, resuming from its backup (see chapterObjective).
    failedTrialCallback: new RetryFailedTrialCallback({ maxRetry: maxTrialRetries }),
  });
}

/**
 * The trials counting toward `--trials`: the finished ones (not FAIL), and those running now when
 * `running`; trials copied by a warm start are not this study's runs.
 */
export async function countTrials(study: Study, running: boolean): Promise<number> {
  const trials = await study.getTrials(running ? countedStates : ['COMPLETE', 'PRUNED']);
  return trials.filter((t) => t.systemAttrs[WARM_START_SOURCE] === undefined).length;
}

/**
 * Runs up to `quota` trials of `study` (opened with `openChapterStudy`) in this process, stopping
 * early once the study as a whole has `nTrials` (other processes or machines share its storage).
 */
export async function runChapterWorker(study: Study, options: ChapterWorkerOptions): Promise<void> {
  const objective = chapterObjective(options);
  // Trials of a killed run stay RUNNING, and would count toward nTrials, until their heartbeat is
  // stale; then they fail, and their retries wait for this worker.
  await study.failStaleTrials();
  const enough = async (): Promise<boolean> => (await countTrials(study, true)) >= options.nTrials;
  if (options.quota <= 0 || (await enough())) return;
  await study.optimize(objective, {
    nTrials: options.quota,
    timeout: options.timeout,
    callbacks: [
      async (current, trial) => {
        options.onTrial?.(trial);
        if (await enough()) current.stop();
      },
    ],
  });
}

/** `remaining` trials shared among `workers` processes as evenly as possible, earlier ones taking the extra. */
export function shareTrials(remaining: number, workers: number): number[] {
  return Array.from(
    { length: workers },
    (_, index) => Math.floor(remaining / workers) + (index < remaining % workers ? 1 : 0),
  );
}

/**
 * Tunes the chapter's convnets until `study` (opened with `openChapterStudy`) has `nTrials`
 * finished trials (those of earlier runs count), in this process and `workers - 1` spawned ones.
 */
export async function tuneChapter(study: Study, options: ChapterTuneOptions): Promise<void> {
  const workers = options.workers ?? 1;
  const shares = shareTrials(Math.max(0, options.nTrials - (await countTrials(study, false))), workers);
  if (workers > 1 && options.workerCommand === undefined)
    throw new Error('tuneChapter: workers > 1 needs a workerCommand to start them');
  const commands = shares
    .slice(1)
    .flatMap((quota, offset) => (quota > 0 ? [options.workerCommand!(offset + 1, quota)] : []));
  const cores = shareCores(1 + commands.length);
  // Settled into a value at once, so a worker failing while this process trains is not an unhandled rejection.
  const spawned = spawnWorkers(commands, cores.env).then(
    () => null,
    (error: unknown) => ({ error }),
  );
  let failure: { error: unknown } | null;
  try {
    await runChapterWorker(study, { ...options, quota: shares[0] ?? 0 });
  } finally {
    // An error of this process's own trials wins over a worker's, whose messages are on stderr already.
    failure = await spawned;
    cores.restore();
  }
  if (failure !== null) throw failure.error;
  await study.refresh();
}
