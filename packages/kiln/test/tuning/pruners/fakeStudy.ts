import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from '../../../src/tuning/frozenTrial.js';
import { frozenTrial } from '../frozenTrialFixture.js';
import type { StudyView } from '../../../src/tuning/studyView.js';

export interface TrialSketch {
  readonly state?: TrialState;
  /** step -> value */
  readonly reports?: Readonly<Record<number, number>>;
  readonly systemAttrs?: Record<string, JsonValue>;
}

/** A study whose trials are written by hand, for pruners: trial i has id and number i. */
export function fakeStudy(
  sketches: readonly TrialSketch[],
  direction: StudyDirection = 'minimize',
  studyName = 'fake',
): StudyView & {
  trial(number: number): FrozenTrial;
} {
  const trials: FrozenTrial[] = sketches.map((sketch, number) =>
    frozenTrial({
      number,
      state: sketch.state ?? 'COMPLETE',
      intermediateValues: new Map(Object.entries(sketch.reports ?? {}).map(([step, value]) => [Number(step), value])),
      systemAttrs: { ...sketch.systemAttrs },
    }),
  );
  return {
    studyName,
    direction,
    directions: [direction],
    getTrials: (states) => trials.filter((t) => states === undefined || states.includes(t.state)),
    setTrialSystemAttr: async (trialId, key, value) => {
      const trial = trials[trialId]!;
      trials[trialId] = { ...trial, systemAttrs: { ...trial.systemAttrs, [key]: value } };
    },
    stop: () => undefined,
    trial: (number) => trials[number]!,
  };
}
