import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { TrialTemplate } from '../../../src/tuning/storages/base.js';
import { StorageOpenError } from '../../../src/tuning/storages/rdb/storageOpenError.js';
import { SqliteStorage } from '../../../src/tuning/storages/sqlite.js';
import { loadStudy } from '../../../src/tuning/study.js';
import { writeVersion1StudyFile } from './fixtures/schemaVersion1.js';
import { describeStorageConformance, sleep } from './storageConformance.js';

const folder = mkdtempSync(join(tmpdir(), 'kiln-sqlite-'));
after(() => rmSync(folder, { recursive: true, force: true }));

describeStorageConformance('SqliteStorage', async () => ({
  storage: await SqliteStorage.open(join(folder, 'conformance.db')),
  age: sleep,
}));

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Opening `path` must fail with a StorageOpenError naming the file and matching `reason`, and leave every byte as it was. */
async function assertRefusedUntouched(path: string, reason: RegExp): Promise<void> {
  const before = sha256(path);
  await assert.rejects(SqliteStorage.open(path), (error: Error) => {
    assert.ok(error instanceof StorageOpenError, `expected a StorageOpenError, got ${error.name}`);
    assert.ok(error.message.includes(path), `the message names the file: ${error.message}`);
    assert.match(error.message, reason);
    assert.match(error.message, /left untouched/);
    return true;
  });
  assert.equal(sha256(path), before);
}

describe('SqliteStorage.open', () => {
  test('a study written by one connection is read back after reopening the file', async () => {
    const path = join(folder, 'reopen.db');
    const writer = await SqliteStorage.open(path);
    const studyId = await writer.createStudy('persisted', 'minimize');
    const trialId = await writer.createTrial(studyId, { state: 'RUNNING' });
    await writer.setTrialStateValue(trialId, 'COMPLETE', 0.125);
    await writer.close();
    const reader = await SqliteStorage.open(path);
    const [trial] = await reader.getAllTrials(await reader.getStudyIdFromName('persisted'));
    assert.equal(trial?.value, 0.125);
    assert.equal(trial?.state, 'COMPLETE');
    await reader.close();
  });

  test('connections opening one new file at once all end up sharing one set of tables', async () => {
    const path = join(folder, 'opened-at-once.db');
    const storages = await Promise.all(Array.from({ length: 6 }, () => SqliteStorage.open(path)));
    await Promise.all(storages.map((storage, i) => storage.createStudy(`study-${i}`, 'minimize')));
    for (const storage of storages) assert.equal((await storage.getAllStudies()).length, 6);
    await Promise.all(storages.map((storage) => storage.close()));
  });

  test('two storages on one file in one process interleave transactions without waiting out the busy timeout', async () => {
    const path = join(folder, 'two-in-one-process.db');
    // A deadlock would surface as 'database is locked' after the (short) busy timeout.
    const first = await SqliteStorage.open(path, { busyTimeoutMs: 2000 });
    const second = await SqliteStorage.open(path, { busyTimeoutMs: 2000 });
    const studyId = await first.createStudy('shared', 'minimize');
    const template: TrialTemplate = {
      state: 'RUNNING',
      params: { units: 32 },
      distributions: { units: { type: 'int', low: 16, high: 64, log: false, step: 1 } },
    };
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).createTrial(studyId, template)),
    );
    assert.equal(new Set(ids).size, 10);
    assert.equal((await second.getAllTrials(studyId)).length, 10);
    await first.close();
    await second.close();
  });

  test('the file is put in WAL mode, so readers run beside a writer', async () => {
    const path = join(folder, 'wal.db');
    await (await SqliteStorage.open(path)).close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  test('a file of random bytes is refused with an error naming it, and left byte-for-byte untouched', async () => {
    const path = join(folder, 'random.db');
    writeFileSync(path, randomBytes(8192));
    await assertRefusedUntouched(path, /not a SQLite database/);
  });

  test('a SQLite file with a valid header but a corrupt body is refused and left untouched', async () => {
    const path = join(folder, 'truncated.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    writeFileSync(path, Buffer.concat([readFileSync(path).subarray(0, 100), randomBytes(4000)]));
    await assertRefusedUntouched(path, /is damaged \(database disk image is malformed\); it was left untouched/);
  });

  test("another application's SQLite database is refused, listing its tables, and left byte-for-byte untouched", async () => {
    const path = join(folder, 'foreign.db');
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)');
    db.close();
    await assertRefusedUntouched(path, /not a Kiln study storage: it holds other tables \(invoices\)/);
    const reopened = new Database(path, { readonly: true });
    assert.deepEqual(
      reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(),
      [{ name: 'invoices' }],
      'no Kiln table was created',
    );
    reopened.close();
  });

  test('a Kiln file written by a newer schema version is refused and left untouched', async () => {
    const path = join(folder, 'newer.db');
    await (await SqliteStorage.open(path)).close();
    const db = new Database(path);
    db.exec('UPDATE kiln_schema_version SET version = version + 1');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    await assertRefusedUntouched(path, /written by a newer Kiln \(schema version 3/);
  });

  test('a file made with the version 1 schema reads read-only without a change, and opens for writing upgraded', async () => {
    const path = join(folder, 'version1.db');
    writeVersion1StudyFile(path);
    const before = sha256(path);
    const readOnly = await SqliteStorage.open(path, { readOnly: true });
    const [summary] = await readOnly.getAllStudies();
    assert.deepEqual([summary?.studyName, summary?.directions, summary?.bestValue], ['old', ['maximize'], 0.75]);
    assert.deepEqual(await readOnly.getStudyDirections(summary!.studyId), ['maximize']);
    assert.deepEqual(
      (await readOnly.getAllTrials(summary!.studyId)).map((t) => [t.state, t.value, t.values, t.params.x]),
      [
        ['COMPLETE', 0.5, [0.5], 1],
        ['COMPLETE', 0.75, [0.75], 2],
        ['FAIL', null, null, 3],
      ],
    );
    await readOnly.close();
    assert.equal(sha256(path), before, 'reading changed nothing');

    const storage = await SqliteStorage.open(path);
    const study = await loadStudy({ studyName: 'old', storage });
    assert.deepEqual(study.directions, ['maximize']);
    assert.equal(study.bestValue, 0.75);
    await study.optimize(async (trial) => trial.suggestFloat('x', 0, 4), { nTrials: 2 });
    assert.deepEqual(
      study.trials.map((t) => t.number),
      [0, 1, 2, 3, 4],
    );
    const pareto = await storage.createStudy('new', ['maximize', 'minimize']);
    const trialId = await storage.createTrial(pareto, { state: 'RUNNING' });
    await storage.setTrialStateValue(trialId, 'COMPLETE', [0.9, 100]);
    assert.deepEqual((await storage.getTrial(trialId)).values, [0.9, 100]);
    await storage.close();
    const db = new Database(path, { readonly: true });
    assert.equal(
      (db.prepare('SELECT MAX(version) AS version FROM kiln_schema_version').get() as { version: number }).version,
      2,
    );
    db.close();
  });

  test('an empty file becomes a new study storage', async () => {
    const path = join(folder, 'empty.db');
    writeFileSync(path, '');
    const storage = await SqliteStorage.open(path);
    assert.deepEqual(await storage.getAllStudies(), []);
    await storage.close();
  });

  test('a folder given as the path is refused with an error saying to give a file in it', async () => {
    await assert.rejects(
      SqliteStorage.open(folder),
      (error: Error) => error instanceof StorageOpenError && /is a folder/.test(error.message),
    );
  });

  test('a path in a missing folder gets an error saying to create the folder', async () => {
    await assert.rejects(SqliteStorage.open(join(folder, 'no', 'such', 'study.db')), /folder does not exist/);
  });
});
