import type { ParamValue } from './distributions.js';
import { valuesOf, type FrozenTrial, type JsonValue, type TrialState } from './frozenTrial.js';
import type { Storage } from './storages/base.js';

export type TrialSortKey = 'number' | 'value' | 'state' | 'start' | 'duration';

/** Which trials of a study to list, in which order, and which slice of them. */
export interface TrialPageQuery {
  readonly offset: number;
  readonly limit: number;
  /** A trial column, or a parameter by name; trials without the value come last either way. */
  readonly sortBy: TrialSortKey | { readonly param: string };
  readonly descending: boolean;
  /** Only trials in these states; all when absent. */
  readonly states?: readonly TrialState[];
  /** Only trials whose parameter `name` lies in [min, max] (numeric) or equals `equals` (any). */
  readonly param?: {
    readonly name: string;
    readonly min?: number;
    readonly max?: number;
    readonly equals?: ParamValue;
  };
}

export interface TrialPage {
  /** Trials matching the filters, over all pages. */
  readonly total: number;
  readonly trials: FrozenTrial[];
}

/** A trial without its parameters and intermediate values: what a plot of 50,000 trials needs. */
export interface TrialOutline {
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
  /** Epoch milliseconds. */
  readonly datetimeStart: number | null;
  readonly datetimeComplete: number | null;
  /** The user attribute asked for, when the trial has it. */
  readonly attr?: JsonValue;
  /** A multi-objective trial's values, one per objective (its `value` is null). */
  readonly values?: readonly number[];
}

/** Which outlines to read. */
export interface TrialOutlineQuery {
  /** The user attribute to read with each trial. */
  readonly attrKey?: string;
  readonly states?: readonly TrialState[];
  /** Only the trials with the `latest` highest numbers (after the state filter). */
  readonly latest?: number;
  /**
   * Only the trials numbered above this one and those in `alsoNumbers`: what a viewer holding the
   * outlines up to `afterNumber` re-reads after a change (finished trials never change; new ones get higher numbers).
   */
  readonly afterNumber?: number;
  readonly alsoNumbers?: readonly number[];
}

/** How many trials a study has in each state, and a version that changes whenever the study does. */
export interface StudyDigest {
  readonly states: Readonly<Record<TrialState, number>>;
  /** Changes whenever a trial is added, changes state, or a running trial reports or samples. */
  readonly version: string;
}

/**
 * Reading a study in slices, for viewers of large studies (the dashboard). The SQL storages answer
 * these with a query each; `trialPagesOf` answers them from `getAllTrials` for the others.
 */
export interface TrialPages {
  getTrialPage(studyId: number, query: TrialPageQuery): Promise<TrialPage>;
  /** The trials' outlines, ordered by number. */
  getTrialOutlines(studyId: number, query?: TrialOutlineQuery): Promise<TrialOutline[]>;
  /** The trials with these numbers, whole, ordered by number (numbers the study lacks are skipped). */
  getTrialsByNumber(studyId: number, numbers: readonly number[]): Promise<FrozenTrial[]>;
  getStudyDigest(studyId: number): Promise<StudyDigest>;
}

function hasTrialPages(storage: Storage): storage is Storage & TrialPages {
  const candidate = storage as Partial<TrialPages>;
  return (
    typeof candidate.getTrialPage === 'function' &&
    typeof candidate.getTrialOutlines === 'function' &&
    typeof candidate.getTrialsByNumber === 'function' &&
    typeof candidate.getStudyDigest === 'function'
  );
}

/** The storage's own paging when it has one, else paging over `getAllTrials` in this process. */
export function trialPagesOf(storage: Storage): TrialPages {
  if (hasTrialPages(storage)) return storage;
  return {
    getTrialPage: async (studyId, query) => pageOfTrials(await storage.getAllTrials(studyId), query),
    getTrialOutlines: async (studyId, query = {}) => {
      const { attrKey } = query;
      const { afterNumber, alsoNumbers = [] } = query;
      const trials = (await storage.getAllTrials(studyId, query.states)).filter(
        (trial) => afterNumber === undefined || trial.number > afterNumber || alsoNumbers.includes(trial.number),
      );
      return trials.slice(query.latest === undefined ? 0 : Math.max(0, trials.length - query.latest)).map((trial) => ({
        number: trial.number,
        state: trial.state,
        value: trial.value,
        datetimeStart: trial.datetimeStart?.getTime() ?? null,
        datetimeComplete: trial.datetimeComplete?.getTime() ?? null,
        ...(attrKey !== undefined && attrKey in trial.userAttrs ? { attr: trial.userAttrs[attrKey] } : {}),
        ...((valuesOf(trial)?.length ?? 0) > 1 ? { values: valuesOf(trial)! } : {}),
      }));
    },
    getTrialsByNumber: async (studyId, numbers) => {
      const wanted = new Set(numbers);
      return (await storage.getAllTrials(studyId)).filter((trial) => wanted.has(trial.number));
    },
    getStudyDigest: async (studyId) => {
      const trials = await storage.getAllTrials(studyId);
      return {
        states: countStates(trials.map((trial) => ({ state: trial.state, n: 1 }))),
        version: JSON.stringify(
          trials.map((trial) => [trial.state, Object.keys(trial.params).length, trial.intermediateValues.size]),
        ),
      };
    },
  };
}

/** The sort value of a trial under `sortBy`; null sorts last. */
function sortValue(trial: FrozenTrial, sortBy: TrialPageQuery['sortBy']): number | string | null {
  if (typeof sortBy === 'object') {
    const value = trial.params[sortBy.param];
    return value === undefined || value === null ? null : typeof value === 'number' ? value : String(value);
  }
  switch (sortBy) {
    case 'number':
      return trial.number;
    case 'value':
      return trial.value;
    case 'state':
      return trial.state;
    case 'start':
      return trial.datetimeStart?.getTime() ?? null;
    case 'duration':
      return trial.datetimeStart && trial.datetimeComplete
        ? trial.datetimeComplete.getTime() - trial.datetimeStart.getTime()
        : null;
  }
}

/** `query` applied to a study's trials in memory, as the SQL storages apply it in the database. */
export function pageOfTrials(trials: readonly FrozenTrial[], query: TrialPageQuery): TrialPage {
  const { param } = query;
  const matching = trials.filter((trial) => {
    if (query.states && !query.states.includes(trial.state)) return false;
    if (!param) return true;
    const value = trial.params[param.name];
    if (value === undefined) return false;
    if (param.equals !== undefined && value !== param.equals) return false;
    if (param.min !== undefined && !(typeof value === 'number' && value >= param.min)) return false;
    if (param.max !== undefined && !(typeof value === 'number' && value <= param.max)) return false;
    return true;
  });
  const direction = query.descending ? -1 : 1;
  const sorted = matching
    .map((trial) => ({ trial, key: sortValue(trial, query.sortBy) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null)
        return a.key === b.key ? a.trial.number - b.trial.number : a.key === null ? 1 : -1;
      const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return direction * order || a.trial.number - b.trial.number;
    });
  return {
    total: matching.length,
    trials: sorted.slice(query.offset, query.offset + query.limit).map(({ trial }) => trial),
  };
}

const trialStates: readonly TrialState[] = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];

/** Trials per state, every state present, from (state, count) rows. */
export function countStates(
  rows: readonly { readonly state: TrialState; readonly n: number | string }[],
): Record<TrialState, number> {
  const counts = Object.fromEntries(trialStates.map((state) => [state, 0])) as Record<TrialState, number>;
  for (const row of rows) counts[row.state] += Number(row.n);
  return counts;
}
