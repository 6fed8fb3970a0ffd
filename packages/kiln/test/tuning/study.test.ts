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
