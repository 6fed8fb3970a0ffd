import type { StudyDirection } from '../frozenTrial.js';

/** Values turned into losses (every objective minimized): maximized objectives change sign. */
export function toLosses(values: readonly number[], directions: readonly StudyDirection[]): number[] {
  return values.map((value, i) => (directions[i] === 'maximize' ? -value : value));
}

/** Whether loss vector `a` Pareto-dominates `b`: no worse in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}
