import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createStudy, InMemoryStorage, loadStudy, RandomSampler } from '../../src/tuning/index.js';
import { resolveStorage } from '../../src/tuning/resolveStorage.js';

describe('resolveStorage', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kiln-resolve-storage-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test("nothing, '' and 'memory' give a fresh in-memory storage; an instance is used as is", async () => {
    for (const storage of [undefined, '', 'memory', 'memory:'])
      assert.ok((await resolveStorage(storage)) instanceof InMemoryStorage);
    assert.notEqual(await resolveStorage(), await resolveStorage());
    const mine = new InMemoryStorage();
    assert.equal(await resolveStorage(mine), mine);
  });

  test('a sqlite: URL keeps the study across storages, as another process would see it', async () => {
    const url = `sqlite:${join(folder, 'study.db')}`;
    const study = await createStudy({ storage: url, studyName: 'persisted', sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(async (trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3 });
    await study.storage.close();
    const reopened = await loadStudy({ storage: url, studyName: 'persisted' });
    assert.equal(reopened.trials.length, 3);
    assert.equal(reopened.bestValue, Math.min(...study.trials.map((t) => t.value!)));
    await reopened.storage.close();
  });

  test('an unknown URL is refused with the forms that work', async () => {
    await assert.rejects(createStudy({ storage: 'mysql://db/x' }), /unknown storage URL 'mysql:\/\/db\/x'.*sqlite:/);
  });
});
