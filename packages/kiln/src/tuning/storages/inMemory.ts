import type { Distribution, ParamValue } from '../distributions.js';
import { describeDistribution, distributionsEqual } from '../distributionRules.js';
import type { FrozenTrial, JsonValue, StudyDirection, StudySummary, TrialState } from '../frozenTrial.js';
import { checkDirections, checkValues } from '../objectiveValues.js';
import { DuplicatedStudyError, StudyNotFoundError, type Storage, type TrialTemplate } from './base.js';

interface StoredStudy {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Record<string, JsonValue>;
  /** Frozen snapshots, index = trial number; a change replaces the snapshot, so readers never copy. */
  readonly trials: FrozenTrial[];
}

export interface InMemoryStorageOptions {
  /** Milliseconds since the epoch; tests pass a fake clock to age heartbeats. */
  readonly now?: () => number;
}

const FINISHED: ReadonlySet<TrialState> = new Set(['COMPLETE', 'PRUNED', 'FAIL']);

/** A `Storage` in this process's memory (Optuna's InMemoryStorage): fast, gone when the process ends. */
export class InMemoryStorage implements Storage {
  private readonly studies = new Map<number, StoredStudy>();
  private readonly trialLocations = new Map<number, { readonly studyId: number; readonly number: number }>();
  private readonly heartbeats = new Map<number, number>();
  private readonly now: () => number;
  private nextStudyId = 0;
  private nextTrialId = 0;

  constructor(options: InMemoryStorageOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async createStudy(studyName: string, direction: StudyDirection | readonly StudyDirection[]): Promise<number> {
    const directions = checkDirections(direction);
    if ([...this.studies.values()].some((s) => s.studyName === studyName)) throw new DuplicatedStudyError(studyName);
    const studyId = this.nextStudyId++;
    this.studies.set(studyId, { studyId, studyName, directions, userAttrs: {}, trials: [] });
    return studyId;
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    for (const study of this.studies.values()) if (study.studyName === studyName) return study.studyId;
    throw new StudyNotFoundError(studyName);
  }

  async getStudyName(studyId: number): Promise<string> {
    return this.study(studyId).studyName;
  }

  async getStudyDirection(studyId: number): Promise<StudyDirection> {
    return this.study(studyId).directions[0]!;
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    return [...this.study(studyId).directions];
  }

  async getAllStudies(): Promise<StudySummary[]> {
    return [...this.studies.values()].map((study) => {
      const complete = study.trials.filter((t) => t.state === 'COMPLETE' && t.value !== null);
      const values = complete.map((t) => t.value as number);
      const direction = study.directions[0]!;
      const best =
        values.length === 0 || study.directions.length > 1
          ? null
          : direction === 'minimize'
            ? Math.min(...values)
            : Math.max(...values);
      const starts = study.trials.flatMap((t) => (t.datetimeStart ? [t.datetimeStart.getTime()] : []));
      return {
        studyId: study.studyId,
        studyName: study.studyName,
        direction,
        directions: [...study.directions],
        nTrials: study.trials.length,
        bestValue: best,
        datetimeStart: starts.length === 0 ? null : new Date(Math.min(...starts)),
      };
    });
  }

  async deleteStudy(studyId: number): Promise<void> {
    for (const trial of this.study(studyId).trials) {
      this.trialLocations.delete(trial.trialId);
      this.heartbeats.delete(trial.trialId);
    }
    this.studies.delete(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    this.study(studyId).userAttrs[key] = value;
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    return { ...this.study(studyId).userAttrs };
  }

  async createTrial(studyId: number, template: TrialTemplate): Promise<number> {
    const study = this.study(studyId);
    const trialId = this.nextTrialId++;
    const trial: FrozenTrial = {
      trialId,
      number: study.trials.length,
      state: template.state,
      value: null,
      values: null,
      params: { ...template.params },
      distributions: { ...template.distributions },
      intermediateValues: new Map(),
      userAttrs: { ...template.userAttrs },
      systemAttrs: { ...template.systemAttrs },
      datetimeStart: template.state === 'RUNNING' ? new Date(this.now()) : null,
      datetimeComplete: null,
    };
    study.trials.push(trial);
    this.trialLocations.set(trialId, { studyId, number: trial.number });
    return trialId;
  }

  async popWaitingTrial(studyId: number): Promise<number | null> {
    const waiting = this.study(studyId).trials.find((t) => t.state === 'WAITING');
    if (waiting === undefined) return null;
    this.update(waiting.trialId, { state: 'RUNNING', datetimeStart: new Date(this.now()) });
    return waiting.trialId;
  }

  async setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void> {
    const trial = this.unfinished(trialId);
    const previous = trial.distributions[name];
    if (previous !== undefined && !distributionsEqual(previous, distribution)) {
      throw new Error(
        `trial ${trial.number}: parameter '${name}' already has ${describeDistribution(previous)}, not ${describeDistribution(distribution)}`,
      );
    }
    this.update(trialId, {
      params: { ...trial.params, [name]: value },
      distributions: { ...trial.distributions, [name]: distribution },
    });
  }

  async setTrialStateValue(
    trialId: number,
    state: TrialState,
    value: number | readonly number[] | null = null,
    systemAttrs: Readonly<Record<string, JsonValue>> = {},
  ): Promise<boolean> {
    const trial = this.trial(trialId);
    if (FINISHED.has(trial.state)) return false;
    const finished = FINISHED.has(state);
    const values = state === 'COMPLETE' ? checkValues(value) : null;
    this.update(trialId, {
      state,
      value: values?.length === 1 ? values[0]! : null,
      values,
      systemAttrs: { ...trial.systemAttrs, ...systemAttrs },
      datetimeStart: trial.datetimeStart ?? (state === 'RUNNING' ? new Date(this.now()) : null),
      datetimeComplete: finished ? new Date(this.now()) : null,
    });
    if (finished) this.heartbeats.delete(trialId);
    return true;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    const trial = this.unfinished(trialId);
    this.update(trialId, { intermediateValues: new Map(trial.intermediateValues).set(step, value) });
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const trial = this.unfinished(trialId);
    this.update(trialId, { userAttrs: { ...trial.userAttrs, [key]: value } });
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    const trial = this.unfinished(trialId);
    this.update(trialId, { systemAttrs: { ...trial.systemAttrs, [key]: value } });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.trial(trialId);
  }

  async getAllTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    const trials = this.study(studyId).trials;
    return states === undefined ? [...trials] : trials.filter((t) => states.includes(t.state));
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    this.unfinished(trialId);
    this.heartbeats.set(trialId, this.now());
  }

  async failStaleTrials(studyId: number, graceSeconds: number): Promise<number[]> {
    const deadline = this.now() - graceSeconds * 1000;
    const stale = this.study(studyId).trials.filter((t) => {
      const beat = this.heartbeats.get(t.trialId);
      return t.state === 'RUNNING' && beat !== undefined && beat < deadline;
    });
    const failed: number[] = [];
    for (const trial of stale) {
      if (await this.setTrialStateValue(trial.trialId, 'FAIL')) failed.push(trial.trialId);
    }
    return failed;
  }

  async close(): Promise<void> {}

  private study(studyId: number): StoredStudy {
    const study = this.studies.get(studyId);
    if (study === undefined) throw new Error(`no study with id ${studyId} in this in-memory storage`);
    return study;
  }

  private trial(trialId: number): FrozenTrial {
    const location = this.trialLocations.get(trialId);
    if (location === undefined) throw new Error(`no trial with id ${trialId} in this in-memory storage`);
    return this.study(location.studyId).trials[location.number]!;
  }

  private unfinished(trialId: number): FrozenTrial {
    const trial = this.trial(trialId);
    if (FINISHED.has(trial.state)) {
      throw new Error(`trial ${trial.number} is already ${trial.state}: a finished trial cannot be changed`);
    }
    return trial;
  }

  private update(trialId: number, change: Partial<FrozenTrial>): void {
    const location = this.trialLocations.get(trialId)!;
    const trials = this.study(location.studyId).trials;
    trials[location.number] = { ...trials[location.number]!, ...change };
  }
}
