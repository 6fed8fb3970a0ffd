import type { StudyDirection } from './frozenTrial.js';

/** One direction or several, checked: each 'minimize' or 'maximize', at least one. */
export function checkDirections(directions: StudyDirection | readonly StudyDirection[]): StudyDirection[] {
  const list = typeof directions === 'string' ? [directions] : [...directions];
  if (list.length === 0) throw new RangeError('directions must hold at least one direction (got [])');
  for (const direction of list) {
    if (direction !== 'minimize' && direction !== 'maximize')
      throw new RangeError(
        `each direction must be 'minimize' or 'maximize' (got ${JSON.stringify(direction)} in ${JSON.stringify(directions)})`,
      );
  }
  return list;
}

/** A COMPLETE trial's value or values as a list, or null when there is none. */
export function checkValues(value: number | readonly number[] | null | undefined): number[] | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? [value] : [...value];
}

/**
 * Why an objective's result cannot complete a trial of a study with `directionCount` objectives
 * (Optuna fails such a trial), or null if it can: a number for one objective, a list of as many
 * numbers as objectives, none of them NaN.
 */
export function invalidResultReason(result: unknown, directionCount: number): string | null {
  const values = typeof result === 'number' ? [result] : Array.isArray(result) ? (result as unknown[]) : null;
  if (values === null || !values.every((v) => typeof v === 'number'))
    return `the objective returned ${JSON.stringify(result)}, not ${directionCount === 1 ? 'a number' : `${directionCount} numbers`}`;
  if (values.length !== directionCount)
    return `the objective returned ${values.length} value${values.length === 1 ? '' : 's'} (${JSON.stringify(result)}) for a study with ${directionCount} objective${directionCount === 1 ? '' : 's'}`;
  if (values.some((v) => Number.isNaN(v)))
    return typeof result === 'number'
      ? 'the objective returned NaN'
      : `the objective returned NaN in [${values.join(', ')}]`;
  return null;
}
