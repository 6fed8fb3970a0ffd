import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Distribution } from '../../../../src/tuning/distributions.js';
import type { Storage } from '../../../../src/tuning/storages/base.js';
import { PostgresStorage } from '../../../../src/tuning/storages/postgres.js';
import { SqliteStorage } from '../../../../src/tuning/storages/sqlite.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../postgresTestDatabase.js';

const x: Distribution = { type: 'float', low: 0, high: 1, log: false };
const folder = mkdtempSync(join(tmpdir(), 'kiln-rdb-'));
const databases: PostgresTestDatabase[] = [];
after(async () => {
  rmSync(folder, { recursive: true, force: true });
  for (const database of databases) await database.drop();
});

/** Two connections to one database, as two worker processes have: `open()` gives another each time. */
type Opener = () => Promise<Storage>;

const databasesUnderTest: Array<[string, () => Promise<Opener>]> = [
  [
    'SqliteStorage',
    async () => {
      const path = join(folder, `cache-${Date.now()}-${Math.random()}.db`);
      return () => SqliteStorage.open(path);
    },
  ],
  [
    'PostgresStorage',
    async () => {
      const database = await createPostgresTestDatabase('rdb_cache');
      databases.push(database);
      return () => PostgresStorage.open(database.url);
    },
  ],
];

/** Every trial of the study as a connection that has read nothing before sees it. */
async function freshRead(open: Opener, studyId: number, states?: Parameters<Storage['getAllTrials']>[1]) {
  const fresh = await open();
  try {
    return await fresh.getAllTrials(studyId, states);
  } finally {
    await fresh.close();
  }
}

for (const [name, prepare] of databasesUnderTest) {
  describe(`${name} reads a study's history once, then only its new and unfinished trials`, () => {
    test('a reader sees every later change another connection makes: new trials, and the params, reports, attrs, state and value of trials it read unfinished', async () => {
      const open = await prepare();
      const [writer, reader] = [await open(), await open()];
      try {
        const studyId = await writer.createStudy('cache', 'minimize');
        const running = await writer.createTrial(studyId, {
          state: 'RUNNING',
          params: { x: 0.1 },
          distributions: { x },
        });
        const waiting = await writer.createTrial(studyId, { state: 'WAITING' });
        const done = await writer.createTrial(studyId, { state: 'RUNNING', params: { x: 0.2 }, distributions: { x } });
        await writer.setTrialStateValue(done, 'COMPLETE', 2);
        assert.deepEqual(await reader.getAllTrials(studyId), await freshRead(open, studyId));

        await writer.setTrialParam(running, 'y', 0.5, x);
        await writer.setTrialIntermediateValue(running, 0, 3);
        await writer.setTrialUserAttr(running, 'note', 'late');
        await writer.setTrialStateValue(running, 'FAIL', null, { failReason: 'stopped' });
        assert.equal(await writer.popWaitingTrial(studyId), waiting);
        await writer.setTrialParam(waiting, 'x', 0.3, x);
        await writer.setTrialStateValue(waiting, 'PRUNED');
        const added = await writer.createTrial(studyId, { state: 'RUNNING', params: { x: 0.4 }, distributions: { x } });

        const seen = await reader.getAllTrials(studyId);
        assert.deepEqual(seen, await freshRead(open, studyId));
        assert.deepEqual(
          seen.map((t) => [t.state, t.params]),
          [
            ['FAIL', { x: 0.1, y: 0.5 }],
            ['PRUNED', { x: 0.3 }],
            ['COMPLETE', { x: 0.2 }],
            ['RUNNING', { x: 0.4 }],
          ],
        );
        assert.deepEqual(seen[0]!.systemAttrs, { failReason: 'stopped' });
        assert.deepEqual(seen[0]!.userAttrs, { note: 'late' });
        assert.deepEqual([...seen[0]!.intermediateValues], [[0, 3]]);

        await writer.setTrialStateValue(added, 'COMPLETE', 1);
        assert.deepEqual(
          await reader.getAllTrials(studyId, ['COMPLETE']),
          await freshRead(open, studyId, ['COMPLETE']),
        );
        assert.deepEqual(await reader.getTrial(added), (await freshRead(open, studyId)).at(-1));
      } finally {
        await writer.close();
        await reader.close();
      }
    });

    test('setTrialParam writes a new name in one statement, and still overwrites the same distribution and refuses another or a finished trial', async () => {
      const open = await prepare();
      const storage = await open();
      try {
        const studyId = await storage.createStudy('params', 'minimize');
        const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
        await Promise.all(Array.from({ length: 10 }, (_, i) => storage.setTrialParam(trialId, `p${i}`, i / 10, x)));
        await storage.setTrialParam(trialId, 'p0', 0.9, x);
        await assert.rejects(
          storage.setTrialParam(trialId, 'p1', 3, { type: 'int', low: 0, high: 5, log: false, step: 1 }),
          /p1/,
        );
        await storage.setTrialStateValue(trialId, 'COMPLETE', 0);
        await assert.rejects(storage.setTrialParam(trialId, 'p10', 0.5, x), /COMPLETE/);
        await assert.rejects(storage.setTrialParam(trialId + 1000, 'p0', 0.5, x), /no trial with id/);
        const { params } = await storage.getTrial(trialId);
        assert.deepEqual(params, {
          ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, i / 10])),
          p0: 0.9,
        });
      } finally {
        await storage.close();
      }
    });
  });
}
