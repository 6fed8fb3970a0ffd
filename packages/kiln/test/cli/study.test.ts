import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createStudy, storageFromUrl } from '../../src/tuning/index.js';
import { runKiln } from './runKiln.js';

describe('kiln study', { concurrency: 4 }, () => {
  let root: string;
  let storage: string[];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-study-'));
    const url = `sqlite:${join(root, 'studies.db')}`;
    storage = ['--storage', url];
    // A study as `kiln tune` leaves one, without the training: two COMPLETE trials and a PRUNED one.
    const opened = await storageFromUrl(url);
    const study = await createStudy({ storage: opened, studyName: 'convnets', direction: 'maximize' });
    for (const result of [0.61, 'PRUNED', 0.7] as const) {
      const trial = await study.ask();
      await trial.suggestCategorical('optimizer', ['adam', 'rmsprop', 'adadelta']);
      await trial.suggestFloat('dropout', 0, 0.5);
      await study.tell(trial, result);
    }
    await createStudy({ storage: opened, studyName: 'empty', direction: 'maximize' });
    await opened.close();
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('list prints every study with its trial count and best value', async () => {
    const { code, stdout } = await runKiln(['study', 'list', ...storage]);
    assert.equal(code, 0);
    assert.match(stdout, /^study +direction +trials +best value +started$/m);
    assert.match(stdout, /^convnets +maximize +3 +0\.7000 +\d{4}-/m);
    assert.match(stdout, /^empty +maximize +0$/m);
  });

  test('show prints one row per trial with its state, value and parameters', async () => {
    const { code, stdout } = await runKiln(['study', 'show', 'convnets', ...storage]);
    assert.equal(code, 0);
    assert.match(stdout, /^trial +state +value +seconds +(dropout|optimizer) +(dropout|optimizer)$/m);
    const rows = stdout.split('\n').filter((line) => /^ +\d /.test(line));
    assert.deepEqual(
      rows.map((row) => row.trim().split(/ +/).slice(0, 2)),
      [
        ['0', 'COMPLETE'],
        ['1', 'PRUNED'],
        ['2', 'COMPLETE'],
      ],
    );
    assert.match(rows[2]!, /0\.7000 .*\d\.\d+/);
  });

  test('best prints the best trial as a parameter table (no test accuracy without saved predictions)', async () => {
    const { code, stdout } = await runKiln(['study', 'best', 'convnets', ...storage]);
    assert.equal(code, 0);
    assert.match(stdout, /^best trial: 2$/m);
    assert.match(stdout, /^val accuracy +0\.7000$/m);
    assert.doesNotMatch(stdout, /test accuracy/);
  });

  test('an unknown study, or one without a COMPLETE trial, exits 2 and says what to do', async () => {
    const missing = await runKiln(['study', 'show', 'nope', ...storage]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /no study named 'nope' in this storage: `kiln study list` shows the studies there/);
    const empty = await runKiln(['study', 'best', 'empty', ...storage]);
    assert.equal(empty.code, 2, empty.stderr);
    assert.match(empty.stderr, /study 'empty' has no COMPLETE trial yet/);
  });
});
