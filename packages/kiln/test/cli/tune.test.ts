import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadStudy, storageFromUrl, WARM_START_SOURCE, type FrozenTrial } from '../../src/tuning/index.js';
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

  test("--warm-start copies another study's finished trials into a new study; they do not count toward --trials", async () => {
    const source = await runKiln(tiny('warm-source', 2, '--pruner', 'none'));
    assert.equal(source.code, 0, source.stderr);
    const result = await runKiln(tiny('warm-target', 1, '--pruner', 'none', '--warm-start', 'warm-source'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /warm start: 2 finished trial\(s\) of study 'warm-source' copied/);
    assert.match(result.stdout, /study 'warm-target': 0 of 1 trials done/);
    const trials = await trialsOf('warm-target');
    assert.equal(trials.length, 3);
    assert.deepEqual(
      trials.slice(0, 2).map((t) => t.systemAttrs[WARM_START_SOURCE]),
      [0, 1].map((number) => ({ study: 'warm-source', number })),
    );
    assert.equal(trials[2]!.systemAttrs[WARM_START_SOURCE], undefined);
    const missing = await runKiln(tiny('warm-other', 1, '--warm-start', 'no-such-study'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no study named 'no-such-study'/);
  });

  test('--enqueue runs the given configurations first and samples what they leave out; the same command again adds none', async () => {
    const enqueue = [
      '--enqueue',
      '{"optimizer":"adam","learningRate":0.002,"dropout":0.1}',
      '--enqueue',
      '{"batchNormalization":true,"filters":4}',
    ];
    const first = await runKiln(tiny('enqueued', 2, '--pruner', 'none', ...enqueue));
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^enqueued: 2 of 2 configuration\(s\) to try first$/m);
    const [adam, batchNorm] = await trialsOf('enqueued');
    assert.deepEqual([adam!.params.optimizer, adam!.params.learningRate, adam!.params.dropout], ['adam', 0.002, 0.1]);
    assert.deepEqual([batchNorm!.params.batchNormalization, batchNorm!.params.filters], [true, 4]);
    assert.ok('convolution' in adam!.params && 'optimizer' in batchNorm!.params, 'the rest is sampled');
    const again = await runKiln(tiny('enqueued', 3, '--pruner', 'none', ...enqueue));
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /^enqueued: 0 of 2 configuration\(s\) to try first \(the others are in the study already\)$/m,
    );
    assert.equal((await trialsOf('enqueued')).length, 3);
  });

  test('--objectives val_accuracy,parameters,latency makes a multi-objective study whose Pareto front tune, study show and study best print', async () => {
    const objectives = 'val_accuracy,parameters,latency';
    const result = await runKiln(tiny('pareto', 3, '--objectives', objectives));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^trial 0 COMPLETE val_accuracy \d\.\d{4} parameters \d+ latency \d+\.\d{4} /m);
    assert.match(
      result.stdout,
      /Pareto front: [123] trials? no other trial beats on every objective \(val_accuracy, parameters, latency\)/,
    );
    const trials = await trialsOf('pareto');
    assert.equal(trials.length, 3);
    for (const trial of trials) {
      assert.equal(trial.state, 'COMPLETE');
      const [accuracy, parameters, latency] = trial.values!;
      assert.ok(accuracy! >= 0 && accuracy! <= 1 && Number.isInteger(parameters) && parameters! > 0 && latency! > 0);
      assert.equal(trial.intermediateValues.size, 0, 'no pruning reports in a multi-objective study');
    }
    const show = await runKiln(['study', 'show', 'pareto', '--storage', storageUrl]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /study 'pareto' \(maximize val_accuracy, minimize parameters, minimize latency\)/);
    assert.match(show.stdout, /trial +state +val_accuracy +parameters +latency +seconds/);
    assert.match(show.stdout, /Pareto front: /);
    const list = await runKiln(['study', 'list', '--storage', storageUrl]);
    assert.match(list.stdout, /^pareto +maximize, minimize, minimize +3 +\d{4}-/m, 'no single best value');
    const best = await runKiln(['study', 'best', 'pareto', '--storage', storageUrl]);
    assert.equal(best.code, 0, best.stderr);
    assert.match(best.stdout, /^Pareto front: /);
    const other = await runKiln(tiny('pareto', 4, '--objectives', 'val_accuracy,train_seconds'));
    assert.equal(other.code, 2);
    assert.match(
      other.stderr,
      /study 'pareto' optimizes val_accuracy,parameters,latency, not val_accuracy,train_seconds/,
    );
    const unknown = await runKiln(['tune', '--objectives', 'val_accuracy,flops']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /unknown objective 'flops' in 'val_accuracy,flops': use some of val_accuracy, val_loss/,
    );
  });

  test('bad flags exit 2 with what is wrong, before any training', async () => {
    const cases: [string[], RegExp][] = [
      [['tune', '--sampler', 'grid'], /argument 'grid' is invalid. Allowed choices are tpe, random/],
      [['tune', '--pruner', 'early'], /Allowed choices are median, asha, hyperband, none/],
      [['tune', '--workers', '0'], /'0' is not a positive integer/],
      [['tune', '--filters', '64:8'], /'64:8' is not LOW:HIGH/],
      [['tune', '--timeout', 'soon'], /'soon' is not a positive number of seconds/],
      [['tune', '--storage', 'mysql://db/x'], /--storage: unknown storage URL 'mysql:\/\/db\/x'/],
      [['tune', '--enqueue', '{"optimizer":'], /'\{"optimizer":' is not JSON: give an object of parameter values/],
      [['tune', '--enqueue', '[0.1]'], /'\[0.1\]' is not an object of parameter values/],
      [
        ['tune', '--enqueue', '{"depth":[1,2]}'],
        /parameter 'depth' in .* is \[1,2\]: a value must be a number, string, boolean or null/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runKiln(args)));
    results.forEach(({ code, stderr }, index) => {
      assert.equal(code, 2, `${cases[index]![0].join(' ')}: ${stderr}`);
      assert.match(stderr, cases[index]![1]);
    });
  });
});
