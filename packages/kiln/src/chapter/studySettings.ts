import { findStudyId, type Storage } from '../tuning/index.js';

/**
 * What makes the trials of one study comparable: the same images (dataset, subset size and the
 * seed that drew the subset and the validation split) trained for the same number of epochs.
 */
export interface TuneSettings {
  readonly dataset: string;
  readonly limit: number | null;
  readonly epochs: number;
  readonly seed: number;
}

/** The study user attribute holding its TuneSettings. */
export const TUNE_SETTINGS_ATTR = 'tuneSettings';

/** The settings a study was first tuned with, or null for a new study (or one not made by `kiln tune`). */
export async function readTuneSettings(storage: Storage, studyName: string): Promise<TuneSettings | null> {
  const studyId = await findStudyId(storage, studyName);
  if (studyId === null) return null;
  const stored = (await storage.getStudyUserAttrs(studyId))[TUNE_SETTINGS_ATTR];
  return stored === undefined ? null : (stored as unknown as TuneSettings);
}

/**
 * Why `settings` cannot continue a study first tuned with `stored` (null when they match), naming
 * each difference, so the caller can refuse to mix incomparable trials.
 */
export function settingsMismatch(stored: TuneSettings, settings: TuneSettings): string | null {
  const differences = (Object.keys(settings) as (keyof TuneSettings)[])
    .filter((key) => stored[key] !== settings[key])
    .map((key) => `${key} ${String(stored[key])} (now ${String(settings[key])})`);
  return differences.length === 0 ? null : `it was tuned with ${differences.join(', ')}`;
}
