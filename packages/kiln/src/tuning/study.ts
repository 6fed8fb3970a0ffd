import { randomUUID } from 'node:crypto';
import type { Distribution, ParamValue } from './distributions.js';
import { describeDistribution, distributionContains } from './distributionRules.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from './frozenTrial.js';
import { METRIC_NAMES_ATTR, metricNamesOf } from './metricNames.js';
import { paretoFrontTrials } from './multiObjective/paretoFront.js';
import { checkDirections, invalidResultReason } from './objectiveValues.js';
import type { Pruner } from './pruners/base.js';
import { MedianPruner } from './pruners/percentile.js';
import { resolveStorage } from './resolveStorage.js';
import type { Sampler } from './samplers/base.js';
import { NSGAIISampler } from './samplers/nsgaII/sampler.js';
import { TPESampler } from './samplers/tpe/sampler.js';
import { DuplicatedStudyError, type Storage } from './storages/base.js';
import type { StudyView } from './studyView.js';
import { FIXED_PARAMS, Trial, type TrialContext } from './trial.js';
import { TrialHeartbeat } from './trialHeartbeat.js';
import { TrialPruned } from './trialPruned.js';
import { bestTrialOf } from './trialQueries.js';

/** Returns the objective's value, or one value per objective for a multi-objective study. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;
/**
 * What `tell` records: a value, or one per objective (COMPLETE; NaN, or a count that does not match
 * the study's objectives, counts as FAIL), or the trial's end as PRUNED or FAIL.
 */
export type TrialResult = number | readonly number[] | 'PRUNED' | 'FAIL';
type ErrorClass = abstract new (...args: never[]) => Error;

/** Called for each trial the study fails because its worker stopped sending heartbeats. */
export interface FailedTrialCallback {
  onTrialFailed(study: Study, trial: FrozenTrial): Promise<void>;
}

export interface StudyOptions {
  /** TPESampler by default; NSGAIISampler for a multi-objective study (as Optuna 3.1). */
  readonly sampler?: Sampler;
  /** MedianPruner by default. */
  readonly pruner?: Pruner;
  /** Seconds between heartbeats of a running trial; heartbeats (and stale-trial failing) are off when absent. */
  readonly heartbeatInterval?: number;
  /** Seconds without a heartbeat after which a RUNNING trial is failed; 2 x heartbeatInterval by default. */
  readonly gracePeriod?: number;
  /** Called for each trial failed for a stale heartbeat, e.g. `new RetryFailedTrialCallback({ maxRetry: 2 })`. */
  readonly failedTrialCallback?: FailedTrialCallback;
}

export interface CreateStudyOptions extends StudyOptions {
  /** 'minimize' by default. */
  readonly direction?: StudyDirection;
  /** One per objective, for a multi-objective study (instead of `direction`). */
  readonly directions?: readonly StudyDirection[];
  /** A Storage, a URL (`sqlite:tune.db`, `postgresql://…`), or nothing / 'memory' for this process's memory. */
  readonly storage?: string | Storage;
  /** A fresh `no-name-<uuid>` by default. */
  readonly studyName?: string;
  /** Continue the study of that name if the storage has one, instead of failing. */
  readonly loadIfExists?: boolean;
}

export interface LoadStudyOptions extends StudyOptions {
  readonly studyName: string;
  readonly storage: string | Storage;
}

export interface OptimizeOptions {
  /** Trials to run in this call; unlimited when absent (until `timeout` or `study.stop()`). */
  readonly nTrials?: number;
  /** Seconds after which no new trial starts (running ones finish). */
  readonly timeout?: number;
  /** Trials run concurrently in this process (for async objectives). */
  readonly nJobs?: number;
  /**
   * Which objective errors are recorded as FAIL while the study goes on: all (`true`, the default),
   * none (`false`), or those of the listed classes. Other errors are recorded as FAIL, then end `optimize`.
   */
  readonly catch?: boolean | readonly ErrorClass[];
  /** Called after each trial finishes. */
  readonly callbacks?: readonly StudyCallback[];
}

export interface EnqueueTrialOptions {
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  /** Do nothing if a trial with these parameters already exists or is queued. */
  readonly skipIfExists?: boolean;
}

/**
 * A finished trial to record as it is (Optuna's `create_trial`, for `study.addTrial`): a FrozenTrial
 * of another study fits, or a known result written by hand.
 */
export interface FinishedTrialRecord {
  /** COMPLETE by default. */
  readonly state?: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** Needed when COMPLETE (or `values`). */
  readonly value?: number | null;
  /** One per objective: needed when COMPLETE in a multi-objective study. */
  readonly values?: readonly number[] | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** One per parameter, as `trial.suggest*` would have recorded it. */
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly intermediateValues?: ReadonlyMap<number, number>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/** The system attribute of a trial copied by `warmStartFrom`: where it came from. */
export const WARM_START_SOURCE = 'warmStartSource';

/** The system attribute holding why a trial failed. */
export const FAIL_REASON = 'failReason';

function sameParams(a: Readonly<Record<string, JsonValue>>, b: Readonly<Record<string, ParamValue>>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * An optimization run (Optuna's Study): trials live in the storage; the study asks its sampler for
 * parameters and its pruner for early stops.
 *
 * Reading results: the storage is asynchronous, so `getTrials()`, `getBestTrial()` read it afresh,
 * while `trials`, `bestTrial`, `bestValue` and `bestParams` are a synchronous view as of this
 * process's last `ask`, `tell`, `optimize` or `refresh()`: current for in-process studies, and a
 * `await study.refresh()` away from current when other processes share the storage.
 */
export class Study {
  private snapshot: readonly FrozenTrial[] = [];
  private readonly running = new Map<number, Trial>();
  private readonly heartbeats = new Map<number, TrialHeartbeat>();
  private stopRequested = false;
  /** `ask` runs one at a time in this process, so concurrent trials see each other (grid points, constant liar). */
  private askQueue: Promise<unknown> = Promise.resolve();
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  private readonly heartbeatInterval: number | undefined;
  private readonly gracePeriod: number;
  private readonly failedTrialCallback: FailedTrialCallback | undefined;
  private readonly trialContext: TrialContext;

  private constructor(
    readonly storage: Storage,
    readonly studyId: number,
    readonly studyName: string,
    /** One per objective. */
    readonly directions: readonly StudyDirection[],
    options: StudyOptions,
  ) {
    this.sampler = options.sampler ?? (directions.length > 1 ? new NSGAIISampler() : new TPESampler());
    this.pruner = options.pruner ?? new MedianPruner();
    if (options.heartbeatInterval !== undefined && !(options.heartbeatInterval > 0)) {
      throw new RangeError(`heartbeatInterval must be > 0 seconds (got ${options.heartbeatInterval})`);
    }
    this.heartbeatInterval = options.heartbeatInterval;
    this.gracePeriod = options.gracePeriod ?? 2 * (options.heartbeatInterval ?? 0);
    this.failedTrialCallback = options.failedTrialCallback;
    this.trialContext = {
      storage,
      sampler: this.sampler,
      pruner: this.pruner,
      objectiveCount: directions.length,
      samplingView: (trial) => this.samplingView(trial),
      freshView: async () => {
        await this.refresh();
        return this.liveView();
      },
    };
  }

  /** @internal Use createStudy / loadStudy. */
  static async open(storage: Storage, studyId: number, options: StudyOptions): Promise<Study> {
    const study = new Study(
      storage,
      studyId,
      await storage.getStudyName(studyId),
      await storage.getStudyDirections(studyId),
      options,
    );
    await study.refresh();
    return study;
  }

  /** Every trial as of the last refresh (see the class comment). */
  get trials(): readonly FrozenTrial[] {
    return this.snapshot;
  }

  /** The direction of a single-objective study; throws for a multi-objective one (see `directions`), as Optuna. */
  get direction(): StudyDirection {
    this.assertSingleObjective('direction', 'directions');
    return this.directions[0]!;
  }

  /** Whether the study has several objectives. */
  get isMultiObjective(): boolean {
    return this.directions.length > 1;
  }

  /**
   * The best COMPLETE trial as of the last refresh; throws if there is none yet, and for a
   * multi-objective study (which has a front of best trials: `bestTrials`), as Optuna.
   */
  get bestTrial(): FrozenTrial {
    this.assertSingleObjective('bestTrial', 'bestTrials');
    const best = bestTrialOf(this.snapshot, this.direction);
    if (best === null) throw new Error(`study '${this.studyName}' has no COMPLETE trial yet; run optimize() first`);
    return best;
  }

  get bestValue(): number {
    return this.bestTrial.value!;
  }

  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.bestTrial.params;
  }

  /**
   * The Pareto front as of the last refresh: the COMPLETE trials no other COMPLETE trial dominates
   * (better or equal in every objective, better in one), in trial order. For a single-objective
   * study, the trials with the best value.
   */
  get bestTrials(): FrozenTrial[] {
    return paretoFrontTrials(this.snapshot, this.directions);
  }

  /** `bestTrials` read afresh from the storage. */
  async getBestTrials(): Promise<FrozenTrial[]> {
    await this.refresh();
    return this.bestTrials;
  }

  private assertSingleObjective(property: string, instead: string): void {
    if (this.isMultiObjective)
      throw new Error(
        `study '${this.studyName}' has ${this.directions.length} objectives (${this.directions.join(', ')}): ` +
          `${property} is for single-objective studies; use study.${instead}`,
      );
  }

  /** Re-reads every trial from the storage into the synchronous view. */
  async refresh(): Promise<void> {
    this.snapshot = await this.storage.getAllTrials(this.studyId);
  }

  async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    await this.refresh();
    return this.snapshot.filter((t) => states === undefined || states.includes(t.state));
  }

  async getBestTrial(): Promise<FrozenTrial> {
    await this.refresh();
    return this.bestTrial;
  }

  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, key, value);
  }

  async getUserAttrs(): Promise<Record<string, JsonValue>> {
    return this.storage.getStudyUserAttrs(this.studyId);
  }

  /**
   * Names the objectives, one per direction (Optuna's `set_metric_names`): reports, `kiln study`
   * and the dashboard label their values with them.
   */
  async setMetricNames(names: readonly string[]): Promise<void> {
    if (names.length !== this.directions.length || names.some((name) => typeof name !== 'string' || name === ''))
      throw new RangeError(
        `setMetricNames needs ${this.directions.length} non-empty name(s), one per objective (got ${JSON.stringify(names)})`,
      );
    await this.setUserAttr(METRIC_NAMES_ATTR, [...names]);
  }

  /** The objectives' names given to `setMetricNames`, or null (Optuna's `metric_names`). */
  async getMetricNames(): Promise<string[] | null> {
    return metricNamesOf(await this.getUserAttrs(), this.directions.length);
  }

  /** Queues a trial that will use these parameter values (others are sampled) before any sampled trial. */
  async enqueueTrial(params: Readonly<Record<string, ParamValue>>, options: EnqueueTrialOptions = {}): Promise<void> {
    if (options.skipIfExists) {
      const exists = (await this.getTrials()).some((t) => {
        const fixed = t.systemAttrs[FIXED_PARAMS];
        const queued =
          typeof fixed === 'object' && fixed !== null && !Array.isArray(fixed) && sameParams(fixed, params);
        return queued || sameParams(t.params, params);
      });
      if (exists) return;
    }
    await this.storage.createTrial(this.studyId, {
      state: 'WAITING',
      userAttrs: options.userAttrs ?? {},
      systemAttrs: { [FIXED_PARAMS]: { ...params } },
    });
  }

  /**
   * Records a finished trial without running the objective (Optuna's `study.add_trial`): known
   * results, or another study's trials, that the sampler then learns from. Returns its number.
   */
  async addTrial(record: FinishedTrialRecord): Promise<number> {
    const state = record.state ?? 'COMPLETE';
    if (state !== 'COMPLETE' && state !== 'PRUNED' && state !== 'FAIL')
      throw new RangeError(`addTrial: state must be COMPLETE, PRUNED or FAIL (got ${JSON.stringify(state)})`);
    const values = record.values ?? (record.value === undefined || record.value === null ? null : [record.value]);
    if (state === 'COMPLETE') {
      const reason = values === null ? 'it has no value' : invalidResultReason(values, this.directions.length);
      if (reason !== null)
        throw new RangeError(
          `addTrial: a COMPLETE trial needs ${this.directions.length === 1 ? 'a numeric value' : `${this.directions.length} numeric values`} ` +
            `(${reason.replace('the objective returned', 'got')})`,
        );
    }
    for (const [name, param] of Object.entries(record.params)) {
      const distribution = record.distributions[name];
      if (distribution === undefined)
        throw new RangeError(`addTrial: parameter '${name}' has no distribution; give one in distributions`);
      if (!distributionContains(distribution, param))
        throw new RangeError(
          `addTrial: parameter '${name}' = ${JSON.stringify(param)} is outside its ${describeDistribution(distribution)}`,
        );
    }
    const trialId = await this.storage.createTrial(this.studyId, {
      state: 'RUNNING',
      params: record.params,
      distributions: Object.fromEntries(Object.keys(record.params).map((name) => [name, record.distributions[name]!])),
      userAttrs: record.userAttrs ?? {},
      systemAttrs: record.systemAttrs ?? {},
    });
    for (const [step, reported] of record.intermediateValues ?? [])
      await this.storage.setTrialIntermediateValue(trialId, step, reported);
    await this.storage.setTrialStateValue(trialId, state, state === 'COMPLETE' ? values : null);
    const added = await this.storage.getTrial(trialId);
    this.snapshot = [...this.snapshot.filter((t) => t.trialId !== trialId), added];
    return added.number;
  }

  /** `addTrial` for each (Optuna's `study.add_trials`). Returns their numbers. */
  async addTrials(records: readonly FinishedTrialRecord[]): Promise<number[]> {
    const numbers: number[] = [];
    for (const record of records) numbers.push(await this.addTrial(record));
    return numbers;
  }

  /**
   * Warm start: copies another study's finished trials (COMPLETE and PRUNED; failed ones teach the
   * sampler nothing) into this one, so that TPE starts from what that study learned, on a related
   * task or a previous run. Each copy records its source in the system attribute `warmStartSource`.
   * Trials whose parameters lie outside this study's ranges are simply not used by TPE for those
   * parameters. Returns how many trials were copied.
   */
  async warmStartFrom(source: Study | readonly FrozenTrial[]): Promise<number> {
    const trials = source instanceof Study ? await source.getTrials(['COMPLETE', 'PRUNED']) : source;
    const sourceName = source instanceof Study ? source.studyName : null;
    let copied = 0;
    for (const trial of trials) {
      if (trial.state !== 'COMPLETE' && trial.state !== 'PRUNED') continue;
      await this.addTrial({
        ...trial,
        state: trial.state,
        // The source's system attributes (grid points, fixed parameters) belong to its own run.
        systemAttrs: { [WARM_START_SOURCE]: { study: sourceName, number: trial.number } },
      });
      copied += 1;
    }
    return copied;
  }

  /**
   * Fails the trials this process is running, with `reason` (Optuna marks a trial FAIL when a
   * KeyboardInterrupt stops it), so an interrupted run leaves none RUNNING to count against the
   * study until the heartbeat grace runs out. With `retry`, each is then handed to the
   * failedTrialCallback, as a stale trial is, so that a RetryFailedTrialCallback queues it again
   * for the next run. Returns their numbers.
   */
  async failRunningTrials(reason: string, options: { readonly retry?: boolean } = {}): Promise<number[]> {
    const failed: number[] = [];
    for (const [trialId, trial] of [...this.running]) {
      const { recorded } = await this.finish(trialId, 'FAIL', reason);
      if (!recorded) continue;
      failed.push(trial.number);
      if (options.retry) await this.failedTrialCallback?.onTrialFailed(this, await this.storage.getTrial(trialId));
    }
    return failed;
  }

  /** Ends `optimize` once the trials now running finish. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Starts a trial for code that runs its own loop; finish it with `tell`. */
  async ask(): Promise<Trial> {
    const asked = this.askQueue.then(() => this.startTrial());
    this.askQueue = asked.catch(() => undefined);
    return asked;
  }

  /**
   * Finishes a trial started by `ask` (given as the Trial or its number) with a value, or as PRUNED
   * or FAIL; `failReason` is recorded with a FAIL. Returns the trial as stored.
   */
  async tell(trial: Trial | number, result: TrialResult, failReason?: string): Promise<FrozenTrial> {
    const trialId = typeof trial === 'number' ? await this.trialIdOf(trial) : trial.trialId;
    const { finished, recorded } = await this.finish(trialId, result, failReason);
    if (!recorded) {
      throw new Error(
        `trial ${finished.number} was already ${finished.state} (another worker, or a stale-heartbeat check, finished it)`,
      );
    }
    return finished;
  }

  /** Records how a trial ended; `recorded` is false if it had already ended (another worker, or the stale-trial check, won). */
  private async finish(
    trialId: number,
    result: TrialResult,
    failReason?: string,
  ): Promise<{ finished: FrozenTrial; recorded: boolean }> {
    this.heartbeats.get(trialId)?.stop();
    this.heartbeats.delete(trialId);
    let state: TrialState = result === 'PRUNED' ? 'PRUNED' : 'FAIL';
    let reason = failReason;
    if (result !== 'PRUNED' && result !== 'FAIL') {
      reason = invalidResultReason(result, this.directions.length) ?? undefined;
      if (reason === undefined) state = 'COMPLETE';
    }
    // One compare-and-set: another worker (or the stale-trial check) may end the trial at any moment.
    const recorded = await this.storage.setTrialStateValue(
      trialId,
      state,
      state === 'COMPLETE' ? (result as number | readonly number[]) : null,
      state === 'FAIL' && reason !== undefined ? { [FAIL_REASON]: reason } : {},
    );
    this.running.delete(trialId);
    const finished = await this.storage.getTrial(trialId);
    this.snapshot = this.snapshot.map((t) => (t.trialId === trialId ? finished : t));
    if (recorded) this.sampler.afterTrial?.(this.samplingView(finished), finished, state);
    return { finished, recorded };
  }

  /**
   * Runs the objective on new trials until `nTrials` ran, `timeout` passed or `stop()` was called.
   * A throwing objective is recorded as FAIL with its message (system attribute `failReason`) and,
   * unlike Optuna's default, the study goes on (see `catch`); `throw new TrialPruned()` records PRUNED.
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    const { nTrials, timeout, nJobs = 1, callbacks = [] } = options;
    if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0))
      throw new RangeError(`nTrials must be an integer >= 0 (got ${nTrials})`);
    if (timeout !== undefined && !(timeout > 0)) throw new RangeError(`timeout must be > 0 seconds (got ${timeout})`);
    if (!(Number.isInteger(nJobs) && nJobs >= 1)) throw new RangeError(`nJobs must be an integer >= 1 (got ${nJobs})`);
    const catches = options.catch ?? true;
    const deadline = timeout === undefined ? Infinity : Date.now() + timeout * 1000;
    this.stopRequested = false;
    let launched = 0;
    let failure: { readonly error: unknown } | null = null;
    const more = (): boolean =>
      !this.stopRequested && failure === null && (nTrials === undefined || launched < nTrials) && Date.now() < deadline;
    const worker = async (): Promise<void> => {
      while (more()) {
        launched += 1;
        try {
          const finished = await this.runTrial(objective, catches);
          for (const callback of callbacks) await callback(this, finished);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: nJobs }, worker));
    await this.refresh();
    if (failure !== null) throw (failure as { readonly error: unknown }).error;
  }

  private async runTrial(objective: Objective, catches: boolean | readonly ErrorClass[]): Promise<FrozenTrial> {
    const trial = await this.ask();
    let result: TrialResult;
    let reason: string | undefined;
    let uncaught: { readonly error: unknown } | null = null;
    try {
      result = await objective(trial);
    } catch (error) {
      if (error instanceof TrialPruned) {
        result = 'PRUNED';
      } else {
        result = 'FAIL';
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const caught = catches === true || (Array.isArray(catches) && catches.some((c) => error instanceof c));
        if (!caught) uncaught = { error };
      }
    }
    const { finished, recorded } = await this.finish(trial.trialId, result, reason);
    if (!recorded)
      process.emitWarning(
        `trial ${finished.number} ended as ${finished.state} before its objective returned (stale heartbeat?); its result is dropped`,
      );
    if (uncaught !== null) throw uncaught.error;
    return finished;
  }

  private async startTrial(): Promise<Trial> {
    if (this.heartbeatInterval !== undefined) await this.failStaleTrials();
    const trialId =
      (await this.storage.popWaitingTrial(this.studyId)) ??
      (await this.storage.createTrial(this.studyId, { state: 'RUNNING' }));
    await this.refresh();
    let started = this.snapshot.find((t) => t.trialId === trialId) ?? (await this.storage.getTrial(trialId));
    const view = this.samplingView(started);
    const attrs = this.sampler.beforeTrial?.(view, started) ?? {};
    for (const [key, value] of Object.entries(attrs)) await this.storage.setTrialSystemAttr(trialId, key, value);
    started = { ...started, systemAttrs: { ...started.systemAttrs, ...attrs } };
    const searchSpace = this.sampler.inferRelativeSearchSpace?.(view, started) ?? {};
    const params =
      Object.keys(searchSpace).length === 0 ? {} : (this.sampler.sampleRelative?.(view, started, searchSpace) ?? {});
    const trial = new Trial(this.trialContext, started, { searchSpace, params });
    this.running.set(trialId, trial);
    if (this.heartbeatInterval !== undefined) {
      this.heartbeats.set(trialId, await TrialHeartbeat.start(this.storage, trialId, this.heartbeatInterval));
    }
    return trial;
  }

  /**
   * Fails the RUNNING trials whose heartbeat is older than the grace period (their worker died)
   * and hands each to the failedTrialCallback (Optuna's `fail_stale_trials`). Starting a trial does
   * this too; call it before counting trials so that dead ones do not count as running.
   */
  async failStaleTrials(): Promise<void> {
    const failed = await this.storage.failStaleTrials(this.studyId, this.gracePeriod);
    for (const trialId of failed) {
      const trial = await this.storage.getTrial(trialId);
      await this.failedTrialCallback?.onTrialFailed(this, trial);
    }
  }

  private async trialIdOf(number: number): Promise<number> {
    let trial = this.snapshot.find((t) => t.number === number);
    if (trial === undefined) {
      await this.refresh();
      trial = this.snapshot.find((t) => t.number === number);
    }
    if (trial === undefined) throw new RangeError(`study '${this.studyName}' has no trial number ${number}`);
    return trial.trialId;
  }

  /** The study with this process's running trials as they stand, not as last read. */
  private liveView(): StudyView {
    return {
      studyName: this.studyName,
      direction: this.directions[0]!,
      directions: this.directions,
      getTrials: (states) => {
        const seen = new Set<number>();
        const merged = this.snapshot.map((t) => {
          seen.add(t.trialId);
          return this.running.get(t.trialId)?.toRunningView() ?? t;
        });
        for (const [trialId, trial] of this.running) if (!seen.has(trialId)) merged.push(trial.toRunningView());
        return states === undefined ? merged : merged.filter((t) => states.includes(t.state));
      },
      setTrialSystemAttr: async (trialId, key, value) => {
        const live = this.running.get(trialId);
        if (live !== undefined) await live.setSystemAttr(key, value);
        else await this.storage.setTrialSystemAttr(trialId, key, value);
      },
      stop: () => this.stop(),
    };
  }

  private samplingView(trial: FrozenTrial): StudyView {
    const view = this.liveView();
    return this.pruner.samplingView?.(view, trial) ?? view;
  }
}

/** Creates a study in the storage (Optuna's create_study). */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  if (options.direction !== undefined && options.directions !== undefined)
    throw new RangeError(
      `give direction or directions, not both (got direction ${JSON.stringify(options.direction)} and directions ${JSON.stringify(options.directions)})`,
    );
  if (options.direction !== undefined && typeof options.direction !== 'string')
    throw new RangeError(`direction must be 'minimize' or 'maximize' (got ${JSON.stringify(options.direction)})`);
  const directions = checkDirections(options.directions ?? options.direction ?? 'minimize');
  const storage = await resolveStorage(options.storage);
  const studyName = options.studyName ?? `no-name-${randomUUID()}`;
  let studyId: number;
  try {
    studyId = await storage.createStudy(studyName, directions);
  } catch (error) {
    const duplicated = error instanceof DuplicatedStudyError || (error as Error).name === 'DuplicatedStudyError';
    if (!duplicated || !options.loadIfExists) throw error;
    studyId = await storage.getStudyIdFromName(studyName);
    const existing = await storage.getStudyDirections(studyId);
    if (existing.join() !== directions.join()) {
      const [what, given, stored] =
        existing.length === 1 && directions.length === 1
          ? ['direction', `'${directions[0]}'`, `'${existing[0]}'`]
          : ['directions', JSON.stringify(directions), JSON.stringify(existing)];
      throw new Error(
        `study '${studyName}' exists with ${what} ${stored}, not ${given}; pass ${what}: ${stored} or another studyName`,
      );
    }
  }
  return Study.open(storage, studyId, options);
}

/** Opens an existing study (Optuna's load_study). */
export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  const storage = await resolveStorage(options.storage);
  return Study.open(storage, await storage.getStudyIdFromName(options.studyName), options);
}
