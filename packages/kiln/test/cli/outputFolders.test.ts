import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeFiles } from '../data/fixtures.js';
import { runKiln, startKiln } from './runKiln.js';
import { checksums, seededRandom, writeTinyFashionRun } from './support.js';

describe('output folders: refused up front, locked, and replaced crash-safely', () => {
  let root: string;
  let data: string;
  let spec: string;
  const trainFlags = (): string[] => [
    spec,
    '--data',
    data,
    '--dataset',
    'fashion-mnist',
    '--seed',
    '3',
    '--epochs',
    '1',
    '--batch-size',
    '16',
    '--verbose',
    '2',
  ];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-out-'));
    await chmod(root, 0o755);
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('kiln ensemble --out refuses a trained model folder and a folder of the user, which stay byte-identical', async () => {
    const model = join(root, 'm1');
    const trained = await runKiln(['train', ...trainFlags(), '--out', model]);
    assert.equal(trained.code, 0, trained.stderr);
    const modelSums = await checksums(model);
    const before = await runKiln(['evaluate', model, '--data', data, '--verbose', '0']);

    const intoModel = await runKiln(['ensemble', '--models', model, model, '--data', data, '--out', model]);
    assert.equal(intoModel.code, 2, intoModel.stderr);
    assert.match(
      intoModel.stderr,
      /--out .*m1 exists and is not a Kiln ensemble folder \(it holds history\.csv, model\.json, run\.json/,
    );
    assert.deepEqual(await checksums(model), modelSums);
    const afterwards = await runKiln(['evaluate', model, '--data', data, '--verbose', '0']);
    assert.equal(afterwards.stdout, before.stdout, 'evaluate still evaluates the model, not an ensemble');

    const mine = join(root, 'mine');
    await writeFiles(mine, { 'results.json': '{"my": "results"}\n' });
    const mineSums = await checksums(mine);
    const intoMine = await runKiln(['ensemble', '--models', model, model, '--data', data, '--out', mine]);
    assert.equal(intoMine.code, 2);
    assert.match(intoMine.stderr, /mine exists and is not a Kiln ensemble folder \(it holds results\.json\)/);
    assert.deepEqual(await checksums(mine), mineSums);
  });

  test('kiln train --out refuses a non-model folder, an empty path, a path under a file and an unwritable folder before the first epoch', async () => {
    const notes = join(root, 'notes');
    await writeFiles(notes, { 'notes.txt': 'a week of notes\n' });
    const sums = await checksums(notes);
    const folder = await runKiln(['train', ...trainFlags(), '--out', notes]);
    assert.equal(folder.code, 2);
    assert.match(
      folder.stderr,
      /--out .*notes exists and is not a saved model folder \(it holds notes\.txt\); choose a new path/,
    );
    assert.doesNotMatch(folder.stderr, /Epoch/);
    assert.deepEqual(await checksums(notes), sums);

    const empty = await runKiln(['train', ...trainFlags(), '--out', '']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--out is empty: give the path of a folder to write to/);
    assert.doesNotMatch(empty.stderr, /Epoch|ENOENT/);

    const underFile = await runKiln(['train', ...trainFlags(), '--out', join(notes, 'notes.txt', 'model')]);
    assert.equal(underFile.code, 2);
    assert.match(underFile.stderr, /notes\.txt is a file, not a folder/);
    assert.doesNotMatch(underFile.stderr, /Epoch/);

    if (process.getuid?.() === 0) {
      // As a user who may not write `locked` (the tests run as root, who may write anything).
      const locked = join(root, 'locked');
      await mkdir(locked, { mode: 0o755 });
      const denied = await runKiln(['train', ...trainFlags(), '--out', join(locked, 'model')], {
        uid: 65534,
        gid: 65534,
        env: { HOME: root, KILN_HOME: join(root, 'nobody-home') },
      });
      assert.equal(denied.code, 2, denied.stderr);
      assert.match(
        denied.stderr,
        /cannot write in .*locked \(EACCES: permission denied.*\); choose a folder you can write to/,
      );
      assert.doesNotMatch(denied.stderr, /Epoch/);
      assert.deepEqual(await readdir(locked), []);
    }
  });

  test("a second kiln train --out of the same folder refuses at start while the first runs; a killed run's lock is taken over", async () => {
    const out = join(root, 'shared');
    // Long enough to still be training when the second starts, however busy the machine; without the
    // backup (and its record for a rerun) that a long run killed on purpose would otherwise leave.
    const first = startKiln(['train', ...trainFlags(), '--epochs', '1000', '--no-backup', '--out', out]);
    await new Promise<void>((resolve) => {
      const check = (chunk: Buffer): void => {
        if (chunk.toString().includes('training ')) {
          first.child.stderr!.off('data', check);
          resolve();
        }
      };
      first.child.stderr!.on('data', check);
    });
    const second = await runKiln(['train', ...trainFlags(), '--out', out]);
    assert.equal(second.code, 2, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(`--out .*shared is being written by another kiln process \\(pid ${first.child.pid}\\); wait for it`),
    );
    assert.doesNotMatch(second.stderr, /Epoch/);
    assert.doesNotMatch(second.stdout, /Saved to/);
    first.child.kill('SIGKILL');
    await first.result;
    // The lock the killed run left names a dead process: the next run takes it over, trains and saves.
    const third = await runKiln(['train', ...trainFlags(), '--out', out]);
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /Saved to/);
    assert.deepEqual(
      (await readdir(root)).filter((name) => name.startsWith('.')),
      [],
    );
  });

  test('SIGKILL at random moments of kiln train --out EXISTING: the old model or the new one, complete; the rerun cleans up', async () => {
    const out = join(root, 'replaced');
    const setup = await runKiln(['train', ...trainFlags(), '--out', out]);
    assert.equal(setup.code, 0, setup.stderr);
    let complete = [await checksums(out)];
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      const run = startKiln(['train', ...trainFlags(), '--seed', String(seed), '--out', out]);
      const started = Date.now();
      // Kill once the run is past its start-up, at a random point of training or saving.
      await new Promise<void>((resolve) => {
        const check = (chunk: Buffer): void => {
          if (chunk.toString().includes('training ')) {
            run.child.stderr!.off('data', check);
            setTimeout(() => {
              run.child.kill('SIGKILL');
              resolve();
            }, random() * 1500);
          }
        };
        run.child.stderr!.on('data', check);
        void run.result.then(() => resolve());
      });
      const killed = await run.result;
      const found = await checksums(out).catch(() => null);
      const context = `seed ${seed}, killed after ${Date.now() - started} ms (${killed.signal ?? killed.code})`;
      // Either the model that was there (byte-identical) or the complete new one, whose checksum file matches.
      const old = complete.some((sums) => JSON.stringify(sums) === JSON.stringify(found));
      if (!old) {
        assert.ok(found !== null, `${context}: no model folder left`);
        const check = await runKiln(['evaluate', out, '--data', data, '--verbose', '0']);
        assert.equal(check.code, 0, `${context}: ${check.stderr}`);
        assert.ok(found['run.json'], `${context}: the new model lacks its run.json`);
      }
      const rerun = await runKiln(['train', ...trainFlags(), '--out', out]);
      assert.equal(rerun.code, 0, `${context}: ${rerun.stderr}`);
      assert.deepEqual(
        (await readdir(root)).filter((name) => name.startsWith('.')),
        [],
        context,
      );
      complete = [await checksums(out)];
      assert.deepEqual(Object.keys(complete[0]!).sort(), [
        'history.csv',
        'model.json',
        'run.json',
        'weights.bin',
        'weights.sha256',
      ]);
    }
    await readFile(join(out, 'run.json'), 'utf8');
  });
});

describe('kiln tune --out is checked before the storage opens and any trial trains', () => {
  test('an empty --out, or one under a file, is refused and no study file is created', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kiln-tune-out-'));
    try {
      await writeFile(join(root, 'file.txt'), 'x');
      const storage = ['--storage', `sqlite:${join(root, 'studies.db')}`, '--dataset', 'fashion-mnist'];
      const empty = await runKiln(['tune', ...storage, '--out', '']);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /--out is empty: give the path of a folder to write to/);
      const underFile = await runKiln(['tune', ...storage, '--out', join(root, 'file.txt', 'trials')]);
      assert.equal(underFile.code, 2);
      assert.match(underFile.stderr, /--out .*trials cannot be created: .*file\.txt is a file, not a folder/);
      assert.deepEqual(await readdir(root), ['file.txt']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
