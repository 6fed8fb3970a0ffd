import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  InMemoryStorage,
  pageOfTrials,
  PostgresStorage,
  SqliteStorage,
  trialPagesOf,
  type Storage,
  type TrialPageQuery,
} from '../../src/tuning/index.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from './storages/postgresTestDatabase.js';

const optimizers = ['adam', 'sgd', 'rmsprop'];

/** 40 trials in every state, with a float, a log float and a categorical parameter (one trial lacks lr). */
async function fill(storage: Storage): Promise<number> {
  const studyId = await storage.createStudy('paged', 'maximize');
  for (let i = 0; i < 40; i++) {
    const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
    await storage.setTrialParam(trialId, 'x', ((i * 7) % 13) - 6, { type: 'float', low: -6, high: 6, log: false });
    if (i !== 5)
      await storage.setTrialParam(trialId, 'lr', 10 ** -(1 + (i % 4)), {
        type: 'float',
        low: 1e-5,
        high: 1,
        log: true,
      });
    await storage.setTrialParam(trialId, 'optimizer', optimizers[i % 3]!, { type: 'categorical', choices: optimizers });
    await storage.setTrialIntermediateValue(trialId, 1, i / 40);
    await storage.setTrialUserAttr(trialId, 'worker', `w${i % 3}`);
    const state = i % 10 === 9 ? 'RUNNING' : i % 7 === 3 ? 'PRUNED' : i % 11 === 4 ? 'FAIL' : 'COMPLETE';
    if (state !== 'RUNNING')
      await storage.setTrialStateValue(trialId, state, state === 'COMPLETE' ? ((i * 5) % 17) / 17 : null);
  }
  return studyId;
}

const queries: TrialPageQuery[] = [
  { offset: 0, limit: 10, sortBy: 'number', descending: false },
  { offset: 10, limit: 10, sortBy: 'number', descending: true },
  { offset: 0, limit: 50, sortBy: 'value', descending: true },
  { offset: 3, limit: 7, sortBy: 'value', descending: false, states: ['COMPLETE', 'PRUNED'] },
  { offset: 0, limit: 50, sortBy: 'state', descending: false },
  { offset: 0, limit: 50, sortBy: { param: 'x' }, descending: false },
  { offset: 0, limit: 50, sortBy: { param: 'lr' }, descending: true },
  { offset: 0, limit: 50, sortBy: { param: 'optimizer' }, descending: false },
  { offset: 0, limit: 50, sortBy: 'number', descending: false, param: { name: 'x', min: -2, max: 3 } },
  {
    offset: 0,
    limit: 50,
    sortBy: 'value',
    descending: true,
    param: { name: 'optimizer', equals: 'sgd' },
    states: ['COMPLETE'],
  },
  { offset: 0, limit: 50, sortBy: 'number', descending: false, param: { name: 'optimizer', min: 0 } },
];

const shape = (page: { total: number; trials: { number: number }[] }) => ({
  total: page.total,
  numbers: page.trials.map((t) => t.number),
});

describe('trial pages: the SQL storages filter, sort and page as pageOfTrials does in memory', () => {
  let root: string;
  let database: PostgresTestDatabase;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-pages-'));
    database = await createPostgresTestDatabase('pages');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
    await database.drop();
  });

  const opened: [string, () => Promise<Storage>][] = [
    ['SQLite', () => SqliteStorage.open(join(root, 'pages.db'))],
    ['PostgreSQL', () => PostgresStorage.open(database.url)],
  ];
  for (const [name, open] of opened) {
    test(`${name}: every query gives the in-memory page, outlines and a digest that moves with the study`, async () => {
      const storage = await open();
      try {
        const studyId = await fill(storage);
        const all = await storage.getAllTrials(studyId);
        const pages = trialPagesOf(storage);
        for (const query of queries) {
          const page = await pages.getTrialPage(studyId, query);
          assert.deepEqual(shape(page), shape(pageOfTrials(all, query)), JSON.stringify(query));
          for (const trial of page.trials) assert.deepEqual(trial, all[trial.number], 'trials come whole');
        }
        const outlines = await pages.getTrialOutlines(studyId, { attrKey: 'worker' });
        assert.equal(outlines.length, 40);
        assert.deepEqual(outlines[4], {
          number: 4,
          state: all[4]!.state,
          value: all[4]!.value,
          datetimeStart: all[4]!.datetimeStart!.getTime(),
          datetimeComplete: all[4]!.datetimeComplete?.getTime() ?? null,
          attr: 'w1',
        });
        const latest = await pages.getTrialOutlines(studyId, { states: ['COMPLETE', 'PRUNED'], latest: 3 });
        const expectedLatest = all.filter((t) => t.state === 'COMPLETE' || t.state === 'PRUNED').slice(-3);
        assert.deepEqual(
          latest.map((t) => t.number),
          expectedLatest.map((t) => t.number),
        );
        assert.ok(latest.every((t) => t.attr === undefined));
        const since = await pages.getTrialOutlines(studyId, { afterNumber: 35, alsoNumbers: [2, 9] });
        assert.deepEqual(
          since.map((t) => t.number),
          [2, 9, 36, 37, 38, 39],
          'the trials after 35, and 2 and 9',
        );
        assert.deepEqual(await pages.getTrialsByNumber(studyId, [30, 3, 99, 12]), [all[3], all[12], all[30]]);
        assert.deepEqual(await pages.getTrialsByNumber(studyId, []), []);
        const digest = await pages.getStudyDigest(studyId);
        const counted = (state: string) => all.filter((t) => t.state === state).length;
        assert.deepEqual(digest.states, {
          RUNNING: counted('RUNNING'),
          COMPLETE: counted('COMPLETE'),
          PRUNED: counted('PRUNED'),
          FAIL: counted('FAIL'),
          WAITING: 0,
        });
        assert.equal((await pages.getStudyDigest(studyId)).version, digest.version);
        await storage.setTrialIntermediateValue(all[9]!.trialId, 2, 0.5);
        const reported = (await pages.getStudyDigest(studyId)).version;
        assert.notEqual(reported, digest.version, 'a running trial reported');
        await storage.setTrialStateValue(all[9]!.trialId, 'COMPLETE', 0.5);
        assert.notEqual((await pages.getStudyDigest(studyId)).version, reported, 'a trial finished');
      } finally {
        await storage.close();
      }
    });
  }

  const withMemory: [string, () => Promise<Storage>][] = [...opened, ['in memory', async () => new InMemoryStorage()]];
  for (const [name, open] of withMemory) {
    test(`${name}: outlines of a multi-objective study carry each finished trial's values`, async () => {
      const storage = await open();
      try {
        const studyId = await storage.createStudy('two objectives', ['minimize', 'maximize']);
        for (const values of [[1, 2], null, [3, 0.5]]) {
          const trialId = await storage.createTrial(studyId, { state: 'RUNNING' });
          if (values !== null) await storage.setTrialStateValue(trialId, 'COMPLETE', values);
        }
        const outlines = await trialPagesOf(storage).getTrialOutlines(studyId);
        assert.deepEqual(
          outlines.map((outline) => [outline.state, outline.values]),
          [
            ['COMPLETE', [1, 2]],
            ['RUNNING', undefined],
            ['COMPLETE', [3, 0.5]],
          ],
        );
        const latest = await trialPagesOf(storage).getTrialOutlines(studyId, { latest: 1 });
        assert.deepEqual(latest[0]!.values, [3, 0.5]);
      } finally {
        await storage.close();
      }
    });
  }

  test('in memory: the pages come from getAllTrials', async () => {
    const storage = new InMemoryStorage();
    const studyId = await fill(storage);
    const pages = trialPagesOf(storage);
    assert.deepEqual(
      shape(await pages.getTrialPage(studyId, queries[3]!)),
      shape(pageOfTrials(await storage.getAllTrials(studyId), queries[3]!)),
    );
    assert.equal((await pages.getTrialOutlines(studyId, { attrKey: 'worker' }))[2]!.attr, 'w2');
    const all = await storage.getAllTrials(studyId);
    assert.deepEqual(
      (await pages.getTrialOutlines(studyId, { afterNumber: 37, alsoNumbers: [1] })).map((t) => t.number),
      [1, 38, 39],
    );
    assert.deepEqual(await pages.getTrialsByNumber(studyId, [7, 0]), [all[0], all[7]]);
  });
});

test('pageOfTrials puts trials without the sorted value last in both directions and filters numeric ranges', async () => {
  const storage = new InMemoryStorage();
  const studyId = await fill(storage);
  const all = await storage.getAllTrials(studyId);
  for (const descending of [false, true]) {
    const page = pageOfTrials(all, { offset: 0, limit: 50, sortBy: { param: 'lr' }, descending });
    assert.equal(page.trials.at(-1)!.number, 5);
  }
  const ranged = pageOfTrials(all, {
    offset: 0,
    limit: 50,
    sortBy: 'number',
    descending: false,
    param: { name: 'x', min: 0, max: 2 },
  });
  assert.ok(ranged.total > 0 && ranged.trials.every((t) => (t.params.x as number) >= 0 && (t.params.x as number) <= 2));
  const values = pageOfTrials(all, { offset: 0, limit: 50, sortBy: 'value', descending: true }).trials.map(
    (t) => t.value,
  );
  const present = values.filter((v) => v !== null) as number[];
  assert.deepEqual(
    present,
    [...present].sort((a, b) => b - a),
  );
  assert.ok(values.slice(present.length).every((v) => v === null));
});
