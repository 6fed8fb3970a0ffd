import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { PostgresStorage } from '../../../src/tuning/storages/postgres.js';
import { StorageOpenError } from '../../../src/tuning/storages/rdb/storageOpenError.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './postgresTestDatabase.js';
import { describeStorageConformance, sleep } from './storageConformance.js';

const databases: PostgresTestDatabase[] = [];
async function newDatabase(purpose: string): Promise<PostgresTestDatabase> {
  const database = await createPostgresTestDatabase(purpose);
  databases.push(database);
  return database;
}
after(async () => {
  for (const database of databases) await database.drop();
});

describeStorageConformance('PostgresStorage', async () => ({
  storage: await PostgresStorage.open((await newDatabase('conformance')).url),
  age: sleep,
}));

async function execute(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('PostgresStorage.open', () => {
  let database: PostgresTestDatabase;
  before(async () => {
    database = await newDatabase('open');
  });

  test('workers opening a new database at once create the schema once and all work', async () => {
    const storages = await Promise.all(Array.from({ length: 6 }, () => PostgresStorage.open(database.url)));
    const studyId = await storages[0]!.createStudy('opened-at-once', 'minimize');
    await Promise.all(storages.map((storage) => storage.createTrial(studyId, { state: 'RUNNING' })));
    assert.equal((await storages[5]!.getAllTrials(studyId)).length, 6);
    const { rows } = await execute(database.url, 'SELECT version FROM kiln_schema_version');
    assert.equal(rows.length, 1);
    await Promise.all(storages.map((storage) => storage.close()));
  });

  test('heartbeats use the server clock: a trial is stale by the database, not by this process', async () => {
    const storage = await PostgresStorage.open(database.url);
    const studyId = await storage.createStudy('server-clock', 'minimize');
    const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
    await storage.recordHeartbeat(trialId);
    // Age the heartbeat by an hour on the server side; no local waiting involved.
    await execute(database.url, `UPDATE kiln_trials SET heartbeat = heartbeat - 3600000 WHERE trial_id = ${trialId}`);
    assert.deepEqual(await storage.failStaleTrials(studyId, 60), [trialId]);
    await storage.close();
  });

  test('an unreachable server gives an error naming the server and saying to check it, with the password hidden', async () => {
    const url = `postgresql://kiln:secret@127.0.0.1:${await closedPort()}/kiln_test`;
    await assert.rejects(PostgresStorage.open(url, { connectTimeoutMs: 2000 }), (error: Error) => {
      assert.ok(error instanceof StorageOpenError);
      assert.match(error.message, /127\.0\.0\.1/);
      assert.match(error.message, /ECONNREFUSED/);
      assert.match(error.message, /server is running/);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
  });

  test('a missing database gives an error naming it', async () => {
    const url = new URL(database.url);
    url.pathname = '/kiln_no_such_database';
    await assert.rejects(PostgresStorage.open(url.toString()), /kiln_no_such_database.*does not exist/);
  });

  test("a database holding another application's tables is refused and gains no Kiln table", async () => {
    const foreign = await newDatabase('foreign');
    await execute(foreign.url, 'CREATE TABLE invoices (id SERIAL PRIMARY KEY, total REAL)');
    await assert.rejects(PostgresStorage.open(foreign.url), (error: Error) => {
      assert.ok(error instanceof StorageOpenError);
      assert.match(error.message, /not a Kiln study storage: it holds other tables \(invoices\)/);
      return true;
    });
    const { rows } = await execute(
      foreign.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    assert.deepEqual(rows, [{ table_name: 'invoices' }]);
  });

  test('a schema of its own, chosen with options=-c search_path, keeps Kiln beside other tables', async () => {
    const shared = await newDatabase('shared');
    await execute(shared.url, 'CREATE TABLE invoices (id SERIAL PRIMARY KEY); CREATE SCHEMA kiln');
    const url = new URL(shared.url);
    url.searchParams.set('options', '-c search_path=kiln');
    const storage = await PostgresStorage.open(url.toString());
    await storage.createStudy('in-own-schema', 'maximize');
    await storage.close();
    const { rows } = await execute(
      shared.url,
      "SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = 'kiln'",
    );
    assert.ok(rows[0].n > 0);
  });

  test('a database written by a newer Kiln schema version is refused', async () => {
    const newer = await newDatabase('newer');
    await (await PostgresStorage.open(newer.url)).close();
    await execute(newer.url, 'UPDATE kiln_schema_version SET version = version + 1');
    await assert.rejects(PostgresStorage.open(newer.url), /newer Kiln \(schema version 3/);
  });
});

describe('PostgresStorage.open({ readOnly: true })', () => {
  test('reads the studies, creates no table in an empty database, and refuses every write', async () => {
    const empty = await newDatabase('readonly_empty');
    await assert.rejects(
      PostgresStorage.open(empty.url, { readOnly: true }),
      (error: Error) =>
        error instanceof StorageOpenError && /holds no studies yet \(it has no Kiln tables\)/.test(error.message),
    );
    assert.equal(
      (await execute(empty.url, "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'"))
        .rows[0].n,
      '0',
    );

    const database = await newDatabase('readonly');
    const writer = await PostgresStorage.open(database.url);
    await writer.createStudy('kept', 'maximize');
    await writer.close();
    const reader = await PostgresStorage.open(database.url, { readOnly: true });
    try {
      assert.deepEqual(
        (await reader.getAllStudies()).map((study) => study.studyName),
        ['kept'],
      );
      await assert.rejects(reader.createStudy('new', 'minimize'), /read-only transaction/);
    } finally {
      await reader.close();
    }
  });
});
