import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { storageFromUrl } from '../../../src/tuning/storages/fromUrl.js';
import { InMemoryStorage } from '../../../src/tuning/storages/inMemory.js';
import { PostgresStorage } from '../../../src/tuning/storages/postgres.js';
import { StorageOpenError } from '../../../src/tuning/storages/rdb/storageOpenError.js';
import { SqliteStorage } from '../../../src/tuning/storages/sqlite.js';
import { createPostgresTestDatabase } from './postgresTestDatabase.js';

const folder = mkdtempSync(join(tmpdir(), 'kiln-from-url-'));
after(() => rmSync(folder, { recursive: true, force: true }));

test('sqlite:///absolute/path opens (and creates) that file', async () => {
  const path = join(folder, 'absolute.db');
  const storage = await storageFromUrl(`sqlite://${path}`);
  assert.ok(storage instanceof SqliteStorage);
  assert.ok(existsSync(path));
  await storage.close();
});

test('sqlite:relative/path opens the file relative to the working directory', async () => {
  const path = join(folder, 'relative.db');
  const storage = await storageFromUrl(`sqlite:${relative(process.cwd(), path)}`);
  assert.ok(storage instanceof SqliteStorage);
  assert.ok(existsSync(path));
  await storage.close();
});

test('sqlite: with no path, or a host after //, is refused with the forms to use', async () => {
  await assert.rejects(storageFromUrl('sqlite:'), /names no SQLite file.*sqlite:\/\/\/absolute/);
  await assert.rejects(storageFromUrl('sqlite://server/study.db'), StorageOpenError);
});

test('postgresql:// and postgres:// open a PostgresStorage', async () => {
  const database = await createPostgresTestDatabase('from_url');
  try {
    for (const url of [database.url, database.url.replace(/^postgresql:/, 'postgres:')]) {
      const storage = await storageFromUrl(url);
      assert.ok(storage instanceof PostgresStorage);
      await storage.close();
    }
  } finally {
    await database.drop();
  }
});

test('memory: gives a fresh InMemoryStorage each time', async () => {
  const first = await storageFromUrl('memory:');
  assert.ok(first instanceof InMemoryStorage);
  await first.createStudy('only-here', 'minimize');
  assert.deepEqual(await (await storageFromUrl('memory:')).getAllStudies(), []);
});

test('an unknown scheme is refused with a list of the known forms', async () => {
  await assert.rejects(storageFromUrl('mysql://localhost/study'), (error: Error) => {
    assert.ok(error instanceof StorageOpenError);
    assert.match(error.message, /unknown storage URL 'mysql:\/\/localhost\/study'/);
    for (const form of ['sqlite:', 'postgresql://', 'postgres://', 'memory:'])
      assert.ok(error.message.includes(form), form);
    return true;
  });
  await assert.rejects(storageFromUrl('study.db'), /unknown storage URL/);
});
