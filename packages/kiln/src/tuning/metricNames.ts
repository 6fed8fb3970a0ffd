import type { JsonValue } from './frozenTrial.js';

/**
 * The study user attribute naming a study's objectives, in the order of its directions (Optuna
 * keeps them as the system attribute `study:metric_names`; `kiln tune --objectives` wrote this key
 * before `setMetricNames` existed, so older studies read the same).
 */
export const METRIC_NAMES_ATTR = 'objectives';

/** The objectives' names stored in a study's user attributes, or null when none are, or they do not fit its `objectives` directions. */
export function metricNamesOf(userAttrs: Readonly<Record<string, JsonValue>>, objectives: number): string[] | null {
  const stored = userAttrs[METRIC_NAMES_ATTR];
  return Array.isArray(stored) && stored.length === objectives && stored.every((name) => typeof name === 'string')
    ? (stored as string[])
    : null;
}
