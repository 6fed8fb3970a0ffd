import { findStudyId, type JsonValue, type Storage } from '../tuning/index.js';

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
  const stored = await readStudyAttr(storage, studyName, TUNE_SETTINGS_ATTR);
  return stored === undefined ? null : (stored as unknown as TuneSettings);
}

/** Study `studyName`'s user attribute `key`, or undefined when there is no such study or attribute. */
export async function readStudyAttr(storage: Storage, studyName: string, key: string): Promise<JsonValue | undefined> {
  const studyId = await findStudyId(storage, studyName);
  return studyId === null ? undefined : (await storage.getStudyUserAttrs(studyId))[key];
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
