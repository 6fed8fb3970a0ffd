import { StudyNotFoundError, type Storage } from './storages/base.js';

/** The id of the study named `studyName`, or null when the storage has none. */
export async function findStudyId(storage: Storage, studyName: string): Promise<number | null> {
  try {
    return await storage.getStudyIdFromName(studyName);
  } catch (error) {
    if (error instanceof StudyNotFoundError || (error as Error).name === 'StudyNotFoundError') return null;
    throw error;
  }
}
