import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createStudy,
  InMemoryStorage,
  loadStudy,
  RandomSampler,
  RetryFailedTrialCallback,
} from '../../src/tuning/index.js';

describe('stale trials and RetryFailedTrialCallback', () => {
  async function twoWorkers(maxRetry?: number) {
    let now = 0;
    const storage = new InMemoryStorage({ now: () => now });
    const options = {
      heartbeatInterval: 60,
      gracePeriod: 120,
      failedTrialCallback: new RetryFailedTrialCallback({ maxRetry }),
    };
    const dying = await createStudy({
      storage,
      studyName: 'shared',
      sampler: new RandomSampler({ seed: 1 }),
      ...options,
    });
    const survivor = await loadStudy({
      storage,
      studyName: 'shared',
      sampler: new RandomSampler({ seed: 2 }),
      ...options,
    });
    return { dying, survivor, age: (seconds: number) => (now += seconds * 1000) };
  }

  test('a trial without heartbeats past the grace period is failed and re-queued with its params', async () => {
    const { dying, survivor, age } = await twoWorkers();
    const lost = await dying.ask();
    const x = await lost.suggestFloat('x', 0, 1);
    age(30);
    const fresh = await survivor.ask();
    assert.equal((await survivor.getTrials())[lost.number]!.state, 'RUNNING', 'still within the grace period');
    await survivor.tell(fresh, 0);

    age(200);
    const retry = await survivor.ask();
    const trials = await survivor.getTrials();
    assert.equal(trials[lost.number]!.state, 'FAIL');
    assert.equal(await retry.suggestFloat('x', 0, 1), x, 'the retry reuses the lost params');
    const stored = trials[retry.number]!;
    assert.equal(RetryFailedTrialCallback.retriedTrialNumber(stored), lost.number);
    assert.deepEqual(RetryFailedTrialCallback.retryHistory(stored), [lost.number]);
  });

  test("failRunningTrials fails this process's running trials, and with retry queues each again with its params", async () => {
    const { dying } = await twoWorkers();
    const stopped = await dying.ask();
    const x = await stopped.suggestFloat('x', 0, 1);
    assert.deepEqual(await dying.failRunningTrials('interrupted by SIGINT', { retry: true }), [stopped.number]);
    assert.deepEqual(await dying.failRunningTrials('interrupted again'), [], 'none is running any more');
    const retry = await dying.ask();
    assert.equal(await retry.suggestFloat('x', 0, 1), x, 'the queued retry reuses its params');
    assert.equal(RetryFailedTrialCallback.retriedTrialNumber((await dying.getTrials())[retry.number]!), stopped.number);

    const plain = await dying.ask();
    await plain.suggestFloat('x', 0, 1);
    await dying.failRunningTrials('interrupted by SIGTERM');
    const states = (await dying.getTrials()).map((trial) => trial.state);
    assert.deepEqual(states, ['FAIL', 'FAIL', 'FAIL'], 'without retry nothing is queued (the retry failed too)');
  });

  test('maxRetry bounds how often one trial is retried', async () => {
    const { dying, survivor, age } = await twoWorkers(1);
    const lost = await dying.ask();
    await lost.suggestFloat('x', 0, 1);
    age(200);
    const retry = await dying.ask(); // picks the re-queued attempt, then dies too
    assert.deepEqual(RetryFailedTrialCallback.retryHistory((await dying.getTrials())[retry.number]!), [lost.number]);
    age(200);
    const next = await survivor.ask();
    const trials = await survivor.getTrials();
    assert.equal(trials[retry.number]!.state, 'FAIL');
    assert.equal(RetryFailedTrialCallback.retriedTrialNumber(trials[next.number]!), null, 'no second retry');
    assert.equal(trials.filter((t) => t.state === 'WAITING').length, 0);
  });

  test('a trial failed as stale while its objective still ran stays FAIL, and optimize goes on', async () => {
    let now = 0;
    const storage = new InMemoryStorage({ now: () => now });
    const study = await createStudy({ storage, heartbeatInterval: 60 });
    process.once('warning', () => undefined);
    await study.optimize(
      async (trial) => {
        if (trial.number === 0) {
          now += 1_000_000; // the worker stalled far past the grace period
          assert.deepEqual(await storage.failStaleTrials(study.studyId, 120), [trial.trialId]);
        }
        return 1;
      },
      { nTrials: 2 },
    );
    assert.deepEqual(
      study.trials.map((t) => t.state),
      ['FAIL', 'COMPLETE'],
    );
  });

  test('a running trial records a heartbeat every interval', async () => {
    const storage = new InMemoryStorage();
    let beats = 0;
    const record = storage.recordHeartbeat.bind(storage);
    storage.recordHeartbeat = async (trialId) => {
      beats += 1;
      await record(trialId);
    };
    const study = await createStudy({ storage, heartbeatInterval: 0.02 });
    // The objective runs until three beats arrived (timers are slow on a busy machine, so no fixed window).
    await study.optimize(
      async () => {
        for (let waited = 0; beats < 3; waited += 5) {
          assert.ok(waited < 10_000, `only ${beats} beats after 10 s at 20 ms`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return 0;
      },
      { nTrials: 1 },
    );
    const after = beats;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(beats, after, 'beats stop when the trial ends');
  });
});
