import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Storage } from '../../../src/tuning/index.js';
import { storageFromUrl } from '../../../src/tuning/storages/fromUrl.js';
import { StorageOpenError } from '../../../src/tuning/storages/rdb/storageOpenError.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './postgresTestDatabase.js';

let root: string;
let database: PostgresTestDatabase;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-readonly-'));
  database = await createPostgresTestDatabase('readonly');
});
after(async () => {
  await rm(root, { recursive: true, force: true });
  await database.drop();
});

/** A storage URL holding one study with one finished trial, written through a normal storage. */
async function seeded(url: string): Promise<void> {
  const storage = await storageFromUrl(url);
  const studyId = await storage.createStudy('seen', 'minimize');
  const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
  await storage.setTrialStateValue(trialId, 'COMPLETE', 1.5);
  await storage.close();
}

async function assertReadsButNeverWrites(storage: Storage): Promise<void> {
  const [study] = await storage.getAllStudies();
  assert.equal(study?.studyName, 'seen');
  assert.equal((await storage.getAllTrials(study!.studyId))[0]?.value, 1.5);
  await assert.rejects(storage.createStudy('other', 'minimize'), /read[- ]?only/i);
  await assert.rejects(storage.createTrial(study!.studyId, { state: 'RUNNING' }), /read[- ]?only/i);
  await assert.rejects(storage.setStudyUserAttr(study!.studyId, 'k', 1), /read[- ]?only/i);
}

test('a SQLite storage opened readOnly reads the studies and refuses every write', async () => {
  const url = `sqlite:${join(root, 'studies.db')}`;
  await seeded(url);
  const storage = await storageFromUrl(url, { readOnly: true });
  try {
    await assertReadsButNeverWrites(storage);
  } finally {
    await storage.close();
  }
});

test('readOnly never creates a SQLite file that is not there', async () => {
  await assert.rejects(storageFromUrl(`sqlite:${join(root, 'missing.db')}`, { readOnly: true }), StorageOpenError);
});

test('a PostgreSQL storage opened readOnly reads the studies and the server refuses every write', async () => {
  await seeded(database.url);
  const storage = await storageFromUrl(database.url, { readOnly: true });
  try {
    await assertReadsButNeverWrites(storage);
  } finally {
    await storage.close();
  }
});

test('a SQLite storage opened readOnly with no writer about sees the trials a writer adds later', async () => {
  const url = `sqlite:${join(root, 'followed.db')}`;
  await seeded(url);
  const reader = await storageFromUrl(url, { readOnly: true });
  try {
    const [study] = await reader.getAllStudies();
    assert.equal((await reader.getAllTrials(study!.studyId)).length, 1);
    const writer = await storageFromUrl(url);
    const trialId = await writer.createTrial(study!.studyId, { state: 'RUNNING' });
    assert.equal((await reader.getAllTrials(study!.studyId)).length, 2, 'a trial written while the writer is open');
    await writer.setTrialStateValue(trialId, 'COMPLETE', 0.5);
    await writer.close();
    const trials = await reader.getAllTrials(study!.studyId);
    assert.deepEqual(
      trials.map((trial) => [trial.state, trial.value]),
      [
        ['COMPLETE', 1.5],
        ['COMPLETE', 0.5],
      ],
    );
  } finally {
    await reader.close();
  }
});
