import type { Distribution, ParamValue } from '../../distributions.js';
import type { FrozenTrial, JsonValue, TrialState } from '../../frozenTrial.js';

/** The rows that make up trials, as both SQL storages read them. */
export interface TrialRow {
  trial_id: number;
  number: number;
  state: TrialState;
  value: number | null;
  datetime_start: number | null;
  datetime_complete: number | null;
}

export interface ParamRow {
  trial_id: number;
  name: string;
  value_json: string;
  distribution_json: string;
}

export interface IntermediateValueRow {
  trial_id: number;
  step: number;
  /** NULL stands for NaN, which SQLite cannot store in a REAL column. */
  value: number | null;
}

/** One objective's value of a multi-objective trial. */
export interface ValueRow {
  trial_id: number;
  objective: number;
  /** NULL stands for NaN, as for intermediate values. */
  value: number | null;
}

export interface AttrRow {
  trial_id: number;
  kind: 'user' | 'system';
  key: string;
  value_json: string;
}

export interface TrialRows {
  readonly trials: readonly TrialRow[];
  readonly params: readonly ParamRow[];
  readonly intermediateValues: readonly IntermediateValueRow[];
  readonly attrs: readonly AttrRow[];
  /** Absent where only single-objective values are wanted. */
  readonly values?: readonly ValueRow[];
}

interface TrialParts {
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  intermediateValues: Map<number, number>;
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
  /** Objective index -> value, for multi-objective trials. */
  objectiveValues: number[];
}

function dateOrNull(epochMs: number | null): Date | null {
  return epochMs === null ? null : new Date(epochMs);
}

/** Assembles FrozenTrials, in the order of `rows.trials`, from the rows read for them. */
export function frozenTrialsFromRows(rows: TrialRows): FrozenTrial[] {
  const parts = new Map<number, TrialParts>();
  for (const trial of rows.trials) {
    parts.set(trial.trial_id, {
      params: {},
      distributions: {},
      intermediateValues: new Map(),
      userAttrs: {},
      systemAttrs: {},
      objectiveValues: [],
    });
  }
  // Rows of trials created after `rows.trials` was read are skipped.
  for (const param of rows.params) {
    const into = parts.get(param.trial_id);
    if (!into) continue;
    into.params[param.name] = JSON.parse(param.value_json) as ParamValue;
    into.distributions[param.name] = JSON.parse(param.distribution_json) as Distribution;
  }
  for (const { trial_id, step, value } of rows.intermediateValues) {
    parts.get(trial_id)?.intermediateValues.set(step, value ?? Number.NaN);
  }
  for (const attr of rows.attrs) {
    const into = parts.get(attr.trial_id);
    if (!into) continue;
    (attr.kind === 'user' ? into.userAttrs : into.systemAttrs)[attr.key] = JSON.parse(attr.value_json) as JsonValue;
  }
  for (const { trial_id, objective, value } of rows.values ?? []) {
    const into = parts.get(trial_id);
    if (into) into.objectiveValues[objective] = value ?? Number.NaN;
  }
  return rows.trials.map((trial) => {
    const { objectiveValues, ...rest } = parts.get(trial.trial_id) as TrialParts;
    const complete = trial.state === 'COMPLETE';
    return {
      trialId: trial.trial_id,
      number: trial.number,
      state: trial.state,
      value: trial.value,
      values: !complete
        ? null
        : objectiveValues.length > 0
          ? objectiveValues
          : trial.value === null
            ? null
            : [trial.value],
      datetimeStart: dateOrNull(trial.datetime_start),
      datetimeComplete: dateOrNull(trial.datetime_complete),
      ...rest,
    };
  });
}
