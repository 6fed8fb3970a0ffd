import type { Distribution, ParamValue } from '../distributions.js';
import type { FrozenTrial, JsonValue, StudyDirection, StudySummary, TrialState } from '../frozenTrial.js';

/** What a new trial starts with: WAITING trials come from `enqueueTrial`, RUNNING ones from `ask`. */
export interface TrialTemplate {
  readonly state: 'RUNNING' | 'WAITING';
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly distributions?: Readonly<Record<string, Distribution>>;
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/**
 * Where studies and trials live (Optuna's BaseStorage). Every method is safe to call from many
 * processes at once for the storages that say so (SQLite on one machine, PostgreSQL on many):
 * trial numbers are assigned atomically and state changes are compare-and-set.
 */
export interface Storage {
  /**
   * Creates a study with one direction per objective; throws `DuplicatedStudyError` if the name is
   * taken. Returns the study id.
   */
  createStudy(studyName: string, directions: StudyDirection | readonly StudyDirection[]): Promise<number>;
  /** Throws `StudyNotFoundError` if there is none. */
  getStudyIdFromName(studyName: string): Promise<number>;
  getStudyName(studyId: number): Promise<string>;
  /** The first objective's direction (the only one of a single-objective study). */
  getStudyDirection(studyId: number): Promise<StudyDirection>;
  /** One direction per objective. */
  getStudyDirections(studyId: number): Promise<StudyDirection[]>;
  getAllStudies(): Promise<StudySummary[]>;
  deleteStudy(studyId: number): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>>;

  /** Creates a trial with the next number of its study, atomically. Returns the trial id. */
  createTrial(studyId: number, template: TrialTemplate): Promise<number>;
  /** Atomically moves the oldest WAITING trial of the study to RUNNING and returns its id, or null. */
  popWaitingTrial(studyId: number): Promise<number | null>;
  /** Records a sampled parameter; throws if the trial is finished or the name holds another distribution. */
  setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void>;
  /**
   * Compare-and-set: moves a RUNNING (or WAITING) trial to `state`, with its value (or one value per
   * objective) when COMPLETE and
   * `systemAttrs` (say, why it failed) in the same write. Returns false, changing nothing, if the
   * trial is already finished (another worker won).
   */
  setTrialStateValue(
    trialId: number,
    state: TrialState,
    value?: number | readonly number[] | null,
    systemAttrs?: Readonly<Record<string, JsonValue>>,
  ): Promise<boolean>;
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** Every trial of the study, ordered by number; optionally only those in `states`. */
  getAllTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]>;

  /** The worker running this trial is alive. */
  recordHeartbeat(trialId: number): Promise<void>;
  /**
   * Marks FAIL every RUNNING trial of the study whose last heartbeat is older than `graceSeconds`.
   * Returns the ids of the trials it failed (each by a compare-and-set, so exactly one caller wins).
   */
  failStaleTrials(studyId: number, graceSeconds: number): Promise<number[]>;

  close(): Promise<void>;
}

export class DuplicatedStudyError extends Error {
  constructor(studyName: string) {
    super(`a study named '${studyName}' already exists (pass loadIfExists: true, or --resume, to continue it)`);
    this.name = 'DuplicatedStudyError';
  }
}

export class StudyNotFoundError extends Error {
  constructor(studyName: string) {
    super(`no study named '${studyName}' in this storage`);
    this.name = 'StudyNotFoundError';
  }
}
