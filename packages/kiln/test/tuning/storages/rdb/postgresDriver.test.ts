import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PostgresDriver } from '../../../../src/tuning/storages/rdb/postgresDriver.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../postgresTestDatabase.js';

let database: PostgresTestDatabase | undefined;
after(async () => {
  await database?.drop();
});

test('a transaction that PostgreSQL aborts as a deadlock victim is run again, and both sides commit', async () => {
  database = await createPostgresTestDatabase('driver');
  const driver = new PostgresDriver({ connectionString: database.url, max: 4 });
  try {
    await driver.query('CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    await driver.query('INSERT INTO counters VALUES (1, 0), (2, 0)');
    // Each transaction locks one row, waits until the other has locked the other row, then wants it: a deadlock.
    let locked = 0;
    let bothLocked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
    let attempts = 0;
    const bumpBoth = (first: number, second: number) =>
      driver.transaction(async (session) => {
        attempts++;
        await session.query('UPDATE counters SET n = n + 1 WHERE id = ?', [first]);
        if (++locked === 2) bothLocked();
        await barrier;
        await session.query('UPDATE counters SET n = n + 1 WHERE id = ?', [second]);
      });
    await Promise.all([bumpBoth(1, 2), bumpBoth(2, 1)]);
    // At least the victim ran again; on a loaded host PostgreSQL may abort a retry as well. Either way
    // each side must have committed exactly once, which the counters below show.
    assert.ok(attempts >= 3, `a deadlock victim was run again (${attempts} attempts)`);
    const { rows } = await driver.query<{ id: number; n: number }>('SELECT id, n FROM counters ORDER BY id');
    assert.deepEqual(rows, [
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  } finally {
    await driver.close();
  }
});
