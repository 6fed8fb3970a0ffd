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
  /** The objective's value when COMPLETE in a single-objective study; null otherwise (multi-objective: see `values`). */
  readonly value: number | null;
  /** One value per objective (the study's `directions`) when COMPLETE; null otherwise. */
  readonly values: readonly number[] | null;
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
  /** The first objective's direction (the only one of a single-objective study). */
  readonly direction: StudyDirection;
  /** One per objective. */
  readonly directions: readonly StudyDirection[];
  readonly nTrials: number;
  /** The best value of a single-objective study; null for a multi-objective one (it has a front, not a best). */
  readonly bestValue: number | null;
  readonly datetimeStart: Date | null;
}

/**
 * A trial's values, one per objective, or null when it has none: reads trials written before
 * `values` existed, which carry only `value`.
 */
export function valuesOf(trial: FrozenTrial): readonly number[] | null {
  if (trial.values !== undefined && trial.values !== null) return trial.values;
  return trial.value === null || trial.value === undefined ? null : [trial.value];
}
