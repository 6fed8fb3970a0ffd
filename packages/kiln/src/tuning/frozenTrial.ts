import type { Distribution, ParamValue } from './distributions.js';

export type TrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING';
export type StudyDirection = 'minimize' | 'maximize';

/** A JSON-serializable attribute value (user and system attributes). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A snapshot of one trial as the storage holds it (Optuna's FrozenTrial). */
export interface FrozenTrial {
  /** Unique across the storage. */
  readonly trialId: number;
  /** 0-based, unique and dense within its study. */
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** step -> reported value. */
  readonly intermediateValues: ReadonlyMap<number, number>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  readonly datetimeStart: Date | null;
  readonly datetimeComplete: Date | null;
}

export interface StudySummary {
  readonly studyId: number;
  readonly studyName: string;
  readonly direction: StudyDirection;
  readonly nTrials: number;
  readonly bestValue: number | null;
  readonly datetimeStart: Date | null;
}
