import type { Distribution, ParamValue } from '../distributions.js';
import type { FrozenTrial, JsonValue, TrialState } from '../frozenTrial.js';
import type { StudyView } from '../studyView.js';

/**
 * Proposes parameter values (Optuna's BaseSampler). A trial first gets the "relative" sample, the
 * parameters the sampler chooses jointly before the objective runs; every parameter the objective
 * suggests outside it is sampled "independently", one at a time, when suggested.
 */
export interface Sampler {
  /** System attributes to record on a trial as it starts (the grid point, for GridSampler). */
  beforeTrial?(study: StudyView, trial: FrozenTrial): Record<string, JsonValue> | undefined;
  /** The parameters to sample jointly for this trial; none by default. */
  inferRelativeSearchSpace?(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  sampleRelative?(
    study: StudyView,
    trial: FrozenTrial,
    searchSpace: Record<string, Distribution>,
  ): Record<string, ParamValue>;
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue;
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState): void;
}
