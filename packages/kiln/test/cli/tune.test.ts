import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadStudy, storageFromUrl, type FrozenTrial } from '../../src/tuning/index.js';
import { ARTIFACT_DIR_ATTR } from '../../src/chapter/index.js';
import { writeTinyFashionMnist } from '../chapter/tinyFashionMnist.js';
import { createPostgresTestDatabase } from '../tuning/storages/postgresTestDatabase.js';
import { runKiln } from './runKiln.js';

describe('kiln tune', () => {
  let root: string;
  let data: string;
  let storageUrl: string;
  /** Flags for a tiny, fast study: 28x28 images, 2-4 filters, one block. */
  let tiny: (study: string, trials: number, ...more: string[]) => string[];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-tune-'));
    data = await writeTinyFashionMnist(join(root, 'fashion'), 60, 20);
    storageUrl = `sqlite:${join(root, 'studies.db')}`;
    tiny = (study, trials, ...more) => [
      'tune',
      ...[
        '--dataset',
        'fashion-mnist',
        '--data',
        data,
        '--storage',
        storageUrl,
        '--study',
        study,
        '--out',
        join(root, study),
      ],
      ...['--trials', String(trials), '--epochs', '1', '--filters', '2:4', '--max-depth', '1', '--seed', '3'],
      ...more,
    ];
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function trialsOf(study: string, url = storageUrl): Promise<FrozenTrial[]> {
    const storage = await storageFromUrl(url);
    try {
      return [...(await loadStudy({ studyName: study, storage })).trials];
    } finally {
      await storage.close();
    }
  }

  test('runs the trials, saves every COMPLETE one, prints a line per trial and the best with its test accuracy; the same --study resumes, and refuses other epochs', async () => {
    const first = await runKiln(tiny('resumed', 3, '--epochs', '2', '--pruner', 'asha'));
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /study 'resumed': 0 of 3 trials done/);
    assert.deepEqual(first.stdout.match(/^trial \d+/gm)?.sort(), ['trial 0', 'trial 1', 'trial 2']);
    assert.match(first.stdout, /^trial 0 COMPLETE val_acc \d\.\d{4} \d+\.\ds .*convolution=(separable|regular)/m);
    assert.match(first.stdout, /best trial: \d+\n.*\n.*\n(.*\n)*val accuracy +\d\.\d{4}\ntest accuracy +\d\.\d{4}\n/);

    const trials = await trialsOf('resumed');
    assert.deepEqual(
      trials.map((t) => t.number),
      [0, 1, 2],
    );
    for (const trial of trials) {
      assert.ok(trial.state === 'COMPLETE' || trial.state === 'PRUNED', `trial ${trial.number} is ${trial.state}`);
      assert.deepEqual(
        [...trial.intermediateValues.keys()].slice(0, 1),
        [1],
        'validation accuracy is reported after the first epoch',
      );
      if (trial.state === 'COMPLETE') {
        assert.equal(trial.userAttrs[ARTIFACT_DIR_ATTR], join(root, 'resumed', `trial-${trial.number}`));
        assert.deepEqual((await readdir(trial.userAttrs[ARTIFACT_DIR_ATTR] as string)).sort(), [
          'model',
          'predictions.json',
          'spec.json',
          'test.f32',
          'test.labels',
          'val.f32',
          'val.labels',
        ]);
      } else {
        assert.equal(trial.userAttrs[ARTIFACT_DIR_ATTR], undefined);
      }
    }

    const second = await runKiln(tiny('resumed', 5, '--epochs', '2', '--pruner', 'asha'));
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /study 'resumed': 3 of 5 trials done/);
    assert.deepEqual(second.stdout.match(/^trial \d+/gm)?.sort(), ['trial 3', 'trial 4']);
    assert.deepEqual(
      (await trialsOf('resumed')).map((t) => t.number),
      [0, 1, 2, 3, 4],
    );

    const incomparable = await runKiln(tiny('resumed', 6));
    assert.equal(incomparable.code, 2);
    assert.match(
      incomparable.stderr,
      /study 'resumed' cannot go on with these flags: it was tuned with epochs 2 \(now 1\), so new trials would not be comparable/,
    );
  });

  for (const backend of ['SQLite', 'PostgreSQL'] as const) {
    test(
      `--workers 2 shares the requested number of trials between two processes on one ${backend} storage`,
      {
        skip:
          backend === 'PostgreSQL' &&
          !process.env.KILN_TEST_POSTGRES_URL &&
          'KILN_TEST_POSTGRES_URL is not set (npm test sets it)',
      },
      async () => {
        const database = backend === 'PostgreSQL' ? await createPostgresTestDatabase('tune_workers') : null;
        try {
          const storage = database?.url ?? storageUrl;
          const result = await runKiln(tiny('pair', 4, '--workers', '2', '--pruner', 'none', '--storage', storage));
          assert.equal(result.code, 0, result.stderr);
          assert.equal(result.stderr.match(/^backend cpu, seed 3$/gm)?.length, 2, 'two processes ran');
          const trials = await trialsOf('pair', storage);
          assert.deepEqual(
            trials.map((t) => t.number),
            [0, 1, 2, 3],
          );
          assert.ok(trials.every((t) => t.state === 'COMPLETE'));
          assert.match(result.stdout, /4 trials: 4 COMPLETE, 0 PRUNED, 0 FAIL, 0 RUNNING/);
        } finally {
          await database?.drop();
        }
      },
    );
  }

  test('bad flags exit 2 with what is wrong, before any training', async () => {
    const cases: [string[], RegExp][] = [
      [['tune', '--sampler', 'grid'], /argument 'grid' is invalid. Allowed choices are tpe, random/],
      [['tune', '--pruner', 'early'], /Allowed choices are median, asha, hyperband, none/],
      [['tune', '--workers', '0'], /'0' is not a positive integer/],
      [['tune', '--filters', '64:8'], /'64:8' is not LOW:HIGH/],
      [['tune', '--timeout', 'soon'], /'soon' is not a positive number of seconds/],
      [['tune', '--storage', 'mysql://db/x'], /--storage: unknown storage URL 'mysql:\/\/db\/x'/],
    ];
    const results = await Promise.all(cases.map(([args]) => runKiln(args)));
    results.forEach(({ code, stderr }, index) => {
      assert.equal(code, 2, `${cases[index]![0].join(' ')}: ${stderr}`);
      assert.match(stderr, cases[index]![1]);
    });
  });
});
