import {
  createStudy,
  findStudyId,
  WARM_START_SOURCE,
  RetryFailedTrialCallback,
  type FrozenTrial,
  type Objective,
  type Storage,
  type Study,
  type StudyDirection,
} from '../tuning/index.js';
import { createPruner, createSampler, type PrunerName, type SamplerName } from './studyParts.js';

export interface TuningStudyOptions {
  readonly storage: Storage;
  readonly studyName: string;
  readonly sampler: SamplerName;
  readonly pruner: PrunerName;
  readonly epochs: number;
  /** One per objective; default ['maximize'] (the chapter's validation accuracy). */
  readonly directions?: readonly StudyDirection[];
  /** Seeds the sampler (offset by the worker's index, so workers draw different points) and each trial. */
  readonly seed?: number;
  /** Seconds without a heartbeat after which a RUNNING trial is failed and retried; default STALE_TRIAL_SECONDS. */
  readonly staleTrialSeconds?: number;
}

export interface TuningWorkerOptions {
  /** The study's target: no trial starts once this many are COMPLETE, PRUNED or RUNNING anywhere. */
  readonly nTrials: number;
  /** The most trials this process runs. */
  readonly quota: number;
  /** Seconds after which no new trial starts. */
  readonly timeout?: number;
  /** Called as each trial of this process ends. */
  readonly onTrial?: (trial: FrozenTrial) => void;
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
 * Opens (or creates) a study of `kiln tune` (the chapter's search or a user's model) with the named
 * sampler and pruner, heartbeats, and retries of the trials whose worker died (they resume from
 * their backups, see `trainTrial`). The sampler's seed is `seed`, offset by the worker's index and
 * by the trials the study already has, so parallel workers and resumed runs draw new points rather
 * than repeat earlier ones.
 */
export async function openTuningStudy(options: TuningStudyOptions, workerIndex = 0): Promise<Study> {
  const studyId = await findStudyId(options.storage, options.studyName);
  const earlier = studyId === null ? 0 : (await options.storage.getAllTrials(studyId)).length;
  return createStudy({
    storage: options.storage,
    studyName: options.studyName,
    directions: options.directions ?? ['maximize'],
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
    // A trial failed for its worker's death runs again, resuming from its backup (see trainTrial).
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
 * Runs up to `quota` trials of `objective` on `study` (opened with `openTuningStudy`) in this
 * process, stopping early once the study as a whole has `nTrials` (other processes or machines
 * share its storage). The trials of a killed run are failed first, once their heartbeat is stale,
 * so that their retries run here.
 */
export async function runTuningWorker(study: Study, objective: Objective, options: TuningWorkerOptions): Promise<void> {
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
