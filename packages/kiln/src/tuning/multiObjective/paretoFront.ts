import { valuesOf, type FrozenTrial, type StudyDirection } from '../frozenTrial.js';
import { dominates, toLosses } from './dominance.js';

/**
 * The COMPLETE trials no other COMPLETE trial dominates (Optuna's `study.best_trials`), in trial
 * order; trials with equal values are all kept.
 */
export function paretoFrontTrials(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
): FrozenTrial[] {
  const complete = trials.flatMap((trial) => {
    const values = valuesOf(trial);
    return trial.state === 'COMPLETE' && values !== null && values.length === directions.length
      ? [{ trial, losses: toLosses(values, directions) }]
      : [];
  });
  return complete
    .filter(({ losses }) => !complete.some((other) => dominates(other.losses, losses)))
    .map(({ trial }) => trial);
}
