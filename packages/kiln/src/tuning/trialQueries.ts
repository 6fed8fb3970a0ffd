import type { FrozenTrial, StudyDirection } from './frozenTrial.js';

/** The highest step the trial reported, or null if it reported none. */
export function lastStep(trial: FrozenTrial): number | null {
  let last: number | null = null;
  for (const step of trial.intermediateValues.keys()) if (last === null || step > last) last = step;
  return last;
}

/** The COMPLETE trial with the best value (the first one on ties), or null. */
export function bestTrialOf(trials: readonly FrozenTrial[], direction: StudyDirection): FrozenTrial | null {
  let best: FrozenTrial | null = null;
  for (const trial of trials) {
    if (trial.state !== 'COMPLETE' || trial.value === null) continue;
    if (best === null || (direction === 'minimize' ? trial.value < best.value! : trial.value > best.value!))
      best = trial;
  }
  return best;
}

/** The last step of each trial that reported any. */
export function lastSteps(trials: readonly FrozenTrial[]): number[] {
  return trials.flatMap((trial) => {
    const step = lastStep(trial);
    return step === null ? [] : [step];
  });
}
