import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createStudy, storageFromUrl } from '../../src/tuning/index.js';
import { runKiln } from './runKiln.js';
import { checksums, seededRandom } from './support.js';

/** A study file as `kiln tune` leaves one, without the training: 40 trials with parameters and attributes. */
async function writeStudyFile(path: string): Promise<void> {
  const storage = await storageFromUrl(`sqlite:${path}`);
  const study = await createStudy({ storage, studyName: 'q0', direction: 'maximize' });
  for (let index = 0; index < 40; index++) {
    const trial = await study.ask();
    await trial.suggestCategorical('optimizer', ['adam', 'rmsprop', 'adadelta']);
    await trial.suggestFloat('dropout', 0, 0.5);
    await trial.setUserAttr('artifactDir', `/somewhere/trial-${index}-${'x'.repeat(200)}`);
    await study.tell(trial, index / 100);
  }
  await storage.close();
}

describe('study storage: damaged, read-only and absent files', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-storage-'));
    await chmod(root, 0o755);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const seed of [1, 2, 3]) {
    test(`a file with random bytes over a page in its middle is refused by tune and by study show, and left byte-identical (seed ${seed})`, async () => {
      const folder = join(root, `damaged-${seed}`);
      await mkdir(folder);
      const path = join(folder, 'studies.db');
      await writeStudyFile(path);
      const random = seededRandom(seed);
      const pages = (await stat(path)).size / 4096;
      const page = 2 + Math.floor(random() * (pages - 3));
      const file = await open(path, 'r+');
      await file.write(
        Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))),
        0,
        4096,
        page * 4096,
      );
      await file.close();
      const before = await checksums(folder);
      const storage = ['--storage', `sqlite:${path}`];

      const tune = await runKiln(['tune', ...storage, '--study', 'q0', '--trials', '41', '--epochs', '1']);
      assert.equal(tune.code, 2, `page ${page}: ${tune.stderr}`);
      assert.match(
        tune.stderr,
        /study file '.*studies\.db' is damaged \(.*\); it was left untouched\. Recover what it still holds with `sqlite3 '.*studies\.db' \.recover \| sqlite3 recovered\.db`/,
      );
      assert.deepEqual(await checksums(folder), before, 'the damaged file and its folder are unchanged');

      for (const verb of ['show', 'best']) {
        const read = await runKiln(['study', verb, 'q0', ...storage]);
        assert.equal(read.code, 2);
        assert.match(read.stderr, /is damaged/);
        assert.doesNotMatch(read.stderr, /no study named/);
      }
      assert.deepEqual(await checksums(folder), before);
    });
  }

  test('study list on a path with no file says so and creates nothing, nor does the default storage', async () => {
    const absent = join(root, 'absent');
    await mkdir(absent);
    const list = await runKiln(['study', 'list', '--storage', `sqlite:${join(absent, 'new.db')}`]);
    assert.equal(list.code, 2);
    assert.match(list.stderr, /study file '.*new\.db' does not exist: nothing has been tuned there yet/);
    assert.deepEqual(await readdir(absent), []);
    const home = join(root, 'fresh-home');
    const byDefault = await runKiln(['study', 'list'], { env: { KILN_HOME: home } });
    assert.equal(byDefault.code, 2);
    await assert.rejects(stat(home), /ENOENT/);
  });

  test(
    'a user who cannot write the folder can list and show its studies; tune says the write is refused and leaves no journal',
    {
      skip: process.getuid?.() !== 0 && 'needs root to run the CLI as another user',
    },
    async () => {
      const folder = join(root, 'shared');
      await mkdir(folder, { mode: 0o755 });
      const path = join(folder, 'studies.db');
      await writeStudyFile(path);
      await chmod(path, 0o644);
      const before = await checksums(folder);
      const asNobody = { uid: 65534, gid: 65534, env: { KILN_HOME: join(root, 'nobody-home'), HOME: root } };
      const storage = ['--storage', `sqlite:${path}`];

      const list = await runKiln(['study', 'list', ...storage], asNobody);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^q0 +maximize +40 +0\.3900/m);
      const show = await runKiln(['study', 'show', 'q0', ...storage], asNobody);
      assert.equal(show.code, 0, show.stderr);
      assert.match(show.stdout, /^study 'q0' \(maximize\)$/m);

      const tune = await runKiln(['tune', ...storage, '--study', 'q0', '--trials', '41', '--epochs', '1'], asNobody);
      assert.equal(tune.code, 2);
      assert.match(
        tune.stderr,
        /cannot write to study file '.*studies\.db': the file is not writable by this user \(EACCES\); it was left untouched\. `kiln study list\|show\|best` can still read it/,
      );
      assert.deepEqual(await checksums(folder), before, 'no -wal or -shm file, the file unchanged');
    },
  );
});
