import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from './frozenTrial.js';

/**
 * What samplers and pruners see of a study: its trials as this process last knew them (the
 * running trial's own suggestions included) and the few writes they need. Reads are synchronous
 * so that sampling never waits on a storage round trip.
 */
export interface StudyView {
  readonly studyName: string;
  /** The first objective's direction (the only one of a single-objective study). */
  readonly direction: StudyDirection;
  /** One per objective. */
  readonly directions: readonly StudyDirection[];
  /** Ordered by number; optionally only those in `states`. */
  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[];
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void>;
  /** Ends `optimize` after the trials now running (Optuna's `study.stop()`). */
  stop(): void;
}

/** The same study, seeing only the trials `keep` accepts (Hyperband's per-bracket view). */
export function filteredStudyView(study: StudyView, keep: (trial: FrozenTrial) => boolean): StudyView {
  return {
    studyName: study.studyName,
    direction: study.direction,
    directions: study.directions,
    getTrials: (states) => study.getTrials(states).filter(keep),
    setTrialSystemAttr: (trialId, key, value) => study.setTrialSystemAttr(trialId, key, value),
    stop: () => study.stop(),
  };
}
