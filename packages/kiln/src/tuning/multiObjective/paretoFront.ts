import { valuesOf, type FrozenTrial, type StudyDirection } from '../frozenTrial.js';
import { dominates, toLosses } from './dominance.js';

/**
 * The indices of the loss vectors no other one dominates (the Pareto front), in lexicographic
 * order of their losses, equal vectors by index, all of them kept. One pass in that order suffices:
 * a vector can only be dominated by one before it, and then by a member of the front found so far.
 */
export function nonDominatedIndices(losses: readonly (readonly number[])[]): number[] {
  const order = losses.map((_, index) => index);
  order.sort((a, b) => {
    const [x, y] = [losses[a]!, losses[b]!];
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k]! < y[k]! ? -1 : 1;
    return a - b;
  });
  const front: number[] = [];
  for (const index of order) if (!front.some((member) => dominates(losses[member]!, losses[index]!))) front.push(index);
  return front;
}

/**
 * The COMPLETE trials no other COMPLETE trial dominates (Optuna's `study.best_trials`), in trial
 * order; trials with equal values are all kept.
 */
export function paretoFrontTrials(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
): FrozenTrial[] {
  const complete = trials.filter((trial) => {
    const values = valuesOf(trial);
    return trial.state === 'COMPLETE' && values !== null && values.length === directions.length;
  });
  return nonDominatedIndices(complete.map((trial) => toLosses(valuesOf(trial)!, directions)))
    .sort((a, b) => a - b)
    .map((index) => complete[index]!);
}
