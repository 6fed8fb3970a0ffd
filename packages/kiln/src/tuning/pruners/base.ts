import type { FrozenTrial } from '../frozenTrial.js';
import type { StudyView } from '../studyView.js';

/** Decides, from the intermediate values trials report, whether a running trial should stop early (Optuna's BasePruner). */
export interface Pruner {
  /** `trial` is the running trial with the values it has reported so far. */
  prune(study: StudyView, trial: FrozenTrial): Promise<boolean>;
  /** The part of the study a sampler should learn from for this trial (Hyperband: the trial's bracket); all of it by default. */
  samplingView?(study: StudyView, trial: FrozenTrial): StudyView;
}
