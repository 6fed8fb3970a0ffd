import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createStudy,
  DuplicatedStudyError,
  FAIL_REASON,
  InMemoryStorage,
  loadStudy,
  RandomSampler,
  TrialPruned,
} from '../../src/tuning/index.js';

describe('Study', () => {
  test('optimize runs nTrials and tracks the best trial, value and params', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(async (trial) => -((await trial.suggestFloat('x', -5, 5)) ** 2), { nTrials: 20 });
    assert.equal(study.trials.length, 20);
    const values = study.trials.map((t) => t.value!);
    assert.equal(study.bestValue, Math.max(...values));
    assert.equal(study.bestTrial.params.x, study.bestParams.x);
    assert.equal((await study.getBestTrial()).number, study.bestTrial.number);
  });

  test('a throwing objective is recorded FAIL with its message, and the study goes on', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await study.optimize(
      async (trial) => {
        if (trial.number % 2 === 1) throw new RangeError('out of memory in layer 3');
        return trial.number;
      },
      { nTrials: 6 },
    );
    const failed = study.trials.filter((t) => t.state === 'FAIL');
    assert.deepEqual(
      failed.map((t) => t.number),
      [1, 3, 5],
    );
    assert.equal(failed[0]!.systemAttrs[FAIL_REASON], 'RangeError: out of memory in layer 3');
    assert.equal(study.trials.filter((t) => t.state === 'COMPLETE').length, 3);
  });

  test('catch: false records the FAIL, then rethrows and stops', async () => {
    const study = await createStudy();
    await assert.rejects(
      study.optimize(
        () => {
          throw new Error('boom');
        },
        { nTrials: 5, catch: false },
      ),
      /boom/,
    );
    assert.equal(study.trials.length, 1);
    assert.equal(study.trials[0]!.state, 'FAIL');
  });

  test('catch with error classes keeps going only for those classes', async () => {
    class Flaky extends Error {}
    const study = await createStudy();
    await study.optimize(
      () => {
        throw new Flaky('transient');
      },
      { nTrials: 3, catch: [Flaky] },
    );
    assert.equal(study.trials.length, 3);
    await assert.rejects(
      study.optimize(
        () => {
          throw new TypeError('bug');
        },
        { nTrials: 3, catch: [Flaky] },
      ),
      TypeError,
    );
    assert.equal(study.trials.length, 4);
  });

  test('a NaN objective value is recorded as FAIL', async () => {
    const study = await createStudy();
    await study.optimize(() => NaN, { nTrials: 1 });
    assert.equal(study.trials[0]!.state, 'FAIL');
    assert.match(String(study.trials[0]!.systemAttrs[FAIL_REASON]), /NaN/);
    assert.throws(() => study.bestValue, /no COMPLETE trial yet/);
  });

  test('TrialPruned records the trial PRUNED', async () => {
    const study = await createStudy();
    await study.optimize(
      async (trial) => {
        await trial.report(0.5, 0);
        throw new TrialPruned();
      },
      { nTrials: 2 },
    );
    assert.deepEqual(
      study.trials.map((t) => t.state),
      ['PRUNED', 'PRUNED'],
    );
    assert.equal(study.trials[0]!.intermediateValues.get(0), 0.5);
  });

  test('enqueued params are used first, the rest sampled', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    await study.enqueueTrial({ x: 0.25, units: 64 });
    await study.enqueueTrial({ x: 0.75 });
    await study.enqueueTrial({ x: 0.75 }, { skipIfExists: true });
    const seen: Array<[number, number]> = [];
    await study.optimize(
      async (trial) => {
        const x = await trial.suggestFloat('x', 0, 1);
        const units = await trial.suggestInt('units', 16, 256);
        seen.push([x, units]);
        return x;
      },
      { nTrials: 3 },
    );
    assert.deepEqual(seen[0], [0.25, 64]);
    assert.equal(seen[1]![0], 0.75);
    assert.notEqual(seen[2]![0], 0.75, 'the skipped duplicate was not queued');
    assert.equal(study.trials.length, 3);
  });

  test('ask/tell drives its own loop, by Trial or by number', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 6 }) });
    const a = await study.ask();
    const b = await study.ask();
    const x = await a.suggestFloat('x', 0, 1);
    await b.suggestFloat('x', 0, 1);
    assert.equal((await study.tell(a, x * 2)).value, x * 2);
    assert.equal((await study.tell(b.number, 'PRUNED')).state, 'PRUNED');
    await assert.rejects(study.tell(a, 1), /already COMPLETE/);
    const c = await study.ask();
    assert.equal((await study.tell(c, 'FAIL', 'gave up')).systemAttrs[FAIL_REASON], 'gave up');
    assert.deepEqual(
      study.trials.map((t) => t.state),
      ['COMPLETE', 'PRUNED', 'FAIL'],
    );
  });

  test('timeout stops starting trials once it has passed', async () => {
    const study = await createStudy();
    const started = Date.now();
    await study.optimize(
      async () => {
        await sleep(40);
        return 0;
      },
      { timeout: 0.2 },
    );
    assert.ok(Date.now() - started >= 200, 'it kept starting trials until the timeout');
    // The deadline is checked just before a trial is created, so allow the storage a moment to stamp it.
    for (const trial of study.trials)
      assert.ok(trial.datetimeStart!.getTime() <= started + 300, `trial ${trial.number} started after the timeout`);
  });

  test('nJobs runs trials concurrently', async () => {
    const study = await createStudy();
    let active = 0;
    let peak = 0;
    await study.optimize(
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(10);
        active -= 1;
        return 0;
      },
      { nTrials: 12, nJobs: 4 },
    );
    assert.equal(peak, 4);
    assert.equal(study.trials.length, 12);
    assert.deepEqual(
      study.trials.map((t) => t.number),
      [...Array(12).keys()],
    );
  });

  test('callbacks see each finished trial, and stop() ends optimize', async () => {
    const study = await createStudy();
    const seen: number[] = [];
    await study.optimize(() => 1, {
      nTrials: 100,
      callbacks: [
        (s, trial) => {
          seen.push(trial.number);
          if (trial.number === 4) s.stop();
        },
      ],
    });
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  });

  test('a study name is unique unless loadIfExists, and loadStudy reopens it with its trials', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ storage, studyName: 'cnn', direction: 'maximize' });
    await first.optimize(() => 0.9, { nTrials: 2 });
    await assert.rejects(createStudy({ storage, studyName: 'cnn', direction: 'maximize' }), DuplicatedStudyError);
    await assert.rejects(
      createStudy({ storage, studyName: 'cnn', loadIfExists: true }),
      /direction 'maximize', not 'minimize'/,
    );
    const again = await createStudy({ storage, studyName: 'cnn', direction: 'maximize', loadIfExists: true });
    assert.equal(again.trials.length, 2);
    const loaded = await loadStudy({ storage, studyName: 'cnn' });
    assert.equal(loaded.bestValue, 0.9);
    await loaded.setUserAttr('dataset', 'cifar10');
    assert.deepEqual(await first.getUserAttrs(), { dataset: 'cifar10' });
  });

  test("the storage may be given as 'memory' and bad options are refused", async () => {
    const study = await createStudy({ storage: 'memory', studyName: 's' });
    assert.equal(study.studyName, 's');
    await assert.rejects(
      study.optimize(() => 0, { nTrials: -1 }),
      /nTrials must be an integer >= 0/,
    );
    await assert.rejects(
      study.optimize(() => 0, { nJobs: 0 }),
      /nJobs must be an integer >= 1/,
    );
    await assert.rejects(createStudy({ direction: 'up' as 'minimize' }), /direction must be 'minimize' or 'maximize'/);
  });
});

describe('a multi-objective Study', () => {
  const directions = ['maximize', 'minimize'] as const;

  test('objectives return one value per direction; bestTrials is the Pareto front of the COMPLETE trials', async () => {
    const study = await createStudy({ directions: [...directions], sampler: new RandomSampler({ seed: 4 }) });
    assert.deepEqual(study.directions, ['maximize', 'minimize']);
    assert.equal(study.isMultiObjective, true);
    // Hand-made results (accuracy, parameters): 1 dominates 0; 2 and 3 trade off; 4 equals 2.
    const results = [
      [0.7, 5000],
      [0.8, 4000],
      [0.9, 9000],
      [0.75, 1000],
      [0.9, 9000],
    ];
    await study.optimize(
      async (trial) => {
        await trial.suggestFloat('x', 0, 1);
        return results[trial.number]!;
      },
      { nTrials: results.length },
    );
    assert.deepEqual(
      study.trials.map((t) => t.values),
      results,
    );
    assert.deepEqual(
      study.bestTrials.map((t) => t.number),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      (await study.getBestTrials()).map((t) => t.number),
      [1, 2, 3, 4],
    );
  });

  test('bestTrial, bestValue, bestParams and direction say to use bestTrials or directions, as Optuna', async () => {
    const study = await createStudy({ directions: [...directions], studyName: 'two-objectives' });
    await study.addTrial({ values: [0.5, 10], params: {}, distributions: {} });
    assert.throws(
      () => study.bestTrial,
      /'two-objectives' has 2 objectives \(maximize, minimize\).*use study\.bestTrials/,
    );
    assert.throws(() => study.bestValue, /use study\.bestTrials/);
    assert.throws(() => study.bestParams, /use study\.bestTrials/);
    assert.throws(() => study.direction, /use study\.directions/);
  });

  test('a wrong number of values, or a NaN among them, fails the trial with the reason', async () => {
    const study = await createStudy({ directions: [...directions] });
    const outcomes: unknown[] = [[1], [1, 2, 3], [Number.NaN, 1], 0.5, [1, 2]];
    await study.optimize(() => outcomes[study.trials.length - 1] as number[], { nTrials: outcomes.length });
    assert.deepEqual(
      study.trials.map((t) => t.state),
      ['FAIL', 'FAIL', 'FAIL', 'FAIL', 'COMPLETE'],
    );
    assert.deepEqual(
      study.trials.slice(0, 4).map((t) => t.systemAttrs[FAIL_REASON]),
      [
        'the objective returned 1 value ([1]) for a study with 2 objectives',
        'the objective returned 3 values ([1,2,3]) for a study with 2 objectives',
        'the objective returned NaN in [NaN, 1]',
        'the objective returned 1 value (0.5) for a study with 2 objectives',
      ],
    );
    await assert.rejects(
      study.addTrial({ values: [1], params: {}, distributions: {} }),
      /addTrial: a COMPLETE trial needs 2 numeric values \(got 1 value/,
    );
  });

  test('pruning is refused with a clear error, as Optuna', async () => {
    const study = await createStudy({ directions: [...directions] });
    const trial = await study.ask();
    await assert.rejects(trial.report(0.5, 1), /report is not supported in a multi-objective study/);
    await assert.rejects(trial.shouldPrune(), /shouldPrune is not supported in a multi-objective study/);
    assert.equal((await study.tell(trial, [0.5, 3])).state, 'COMPLETE');
  });

  test('directions are checked, given once, and must match a study loaded with loadIfExists', async () => {
    await assert.rejects(createStudy({ directions: [] }), /at least one direction/);
    await assert.rejects(
      createStudy({ directions: ['maximize', 'up' as 'minimize'] }),
      /each direction must be 'minimize' or 'maximize' \(got "up"/,
    );
    await assert.rejects(
      createStudy({ direction: 'minimize', directions: ['minimize'] }),
      /direction or directions, not both/,
    );
    const storage = new InMemoryStorage();
    await createStudy({ storage, studyName: 'mo', directions: [...directions] });
    await assert.rejects(
      createStudy({ storage, studyName: 'mo', directions: ['minimize', 'minimize'], loadIfExists: true }),
      /exists with directions \["maximize","minimize"\], not \["minimize","minimize"\]/,
    );
    const loaded = await loadStudy({ storage, studyName: 'mo' });
    assert.deepEqual(loaded.directions, ['maximize', 'minimize']);
  });

  test('uses NSGA-II by default, as Optuna 3.1', async () => {
    const study = await createStudy({ directions: [...directions] });
    assert.equal(study.sampler.constructor.name, 'NSGAIISampler');
    assert.equal((await createStudy()).sampler.constructor.name, 'TPESampler');
  });

  test('a single-objective study keeps direction, and bestTrials lists its trials with the best value', async () => {
    const study = await createStudy({ direction: 'minimize' });
    for (const value of [3, 1, 2, 1]) await study.addTrial({ value, params: {}, distributions: {} });
    assert.deepEqual(study.directions, ['minimize']);
    assert.equal(study.direction, 'minimize');
    assert.deepEqual(
      study.bestTrials.map((t) => t.number),
      [1, 3],
    );
    assert.deepEqual(study.trials[0]!.values, [3]);
  });
});
