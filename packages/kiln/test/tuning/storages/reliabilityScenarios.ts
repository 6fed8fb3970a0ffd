import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { RandomSampler } from '../../../src/tuning/samplers/random.js';
import type { Storage } from '../../../src/tuning/storages/base.js';
import { storageFromUrl } from '../../../src/tuning/storages/fromUrl.js';
import { createStudy } from '../../../src/tuning/study.js';
import type { WorkerEvent } from './fixtures/storageWorker.js';
import { sleep } from './storageConformance.js';

const workerScript = fileURLToPath(new URL('./fixtures/storageWorker.ts', import.meta.url));

interface Worker {
  readonly process: ChildProcess;
  readonly events: WorkerEvent[];
  /** Resolves with the first event of this kind. */
  next(kind: WorkerEvent['event']): Promise<WorkerEvent>;
  /** Resolves when the process exits; rejects if it failed (but not when killed by the test). */
  readonly exited: Promise<void>;
}

function startWorker(url: string, studyName: string, trials: number, index: number, hang = false): Worker {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', workerScript, url, studyName, String(trials), String(index), ...(hang ? ['--hang'] : [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const events: WorkerEvent[] = [];
  const waiters: Array<{ kind: WorkerEvent['event']; resolve: (event: WorkerEvent) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as WorkerEvent;
    events.push(event);
    for (const waiter of waiters.filter((w) => w.kind === event.event)) waiter.resolve(event);
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close' rather than 'exit': it comes after the last line of output has been read.
  const exited = once(child, 'close').then(([code, signal]) => {
    if (code !== 0 && signal !== 'SIGKILL')
      throw new Error(`worker ${index} exited with ${code ?? signal}:\n${stderr}`);
  });
  const next = (kind: WorkerEvent['event']) =>
    new Promise<WorkerEvent>((resolve, reject) => {
      const seen = events.find((event) => event.event === kind);
      if (seen) return resolve(seen);
      waiters.push({ kind, resolve });
      exited.then(() => reject(new Error(`worker ${index} exited before '${kind}'`)), reject);
    });
  return { process: child, events, next, exited };
}

function uniqueStudyName(purpose: string): string {
  return `${purpose}-${process.pid}-${Date.now()}`;
}

/**
 * The reliability scenarios, with real worker processes, for a storage that many processes share.
 * `openUrl` gives the URL of a storage of the test's own (and a way to clean it up).
 */
export function describeReliability(
  name: string,
  openUrl: () => Promise<{ url: string; cleanup(): Promise<void> }>,
): void {
  describe(`${name} shared by worker processes`, () => {
    test('4 workers x 25 trials: exactly 100 COMPLETE trials numbered 0..99, every reported value stored, each enqueued trial run once', async () => {
      const { url, cleanup } = await openUrl();
      const studyName = uniqueStudyName('four-workers');
      // Queued before the workers start, so all four race to pop them.
      const enqueued = [0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1];
      const setup = await createStudy({ storage: url, studyName });
      for (const x of enqueued) await setup.enqueueTrial({ x });
      await setup.storage.close();
      try {
        const workers = Array.from({ length: 4 }, (_, index) => startWorker(url, studyName, 25, index));
        await Promise.all(workers.map((worker) => worker.exited));
        const storage = await storageFromUrl(url);
        const trials = await storage.getAllTrials(await storage.getStudyIdFromName(studyName));
        await storage.close();
        assert.equal(trials.length, 100);
        assert.ok(trials.every((trial) => trial.state === 'COMPLETE'));
        assert.deepEqual(
          trials.map((trial) => trial.number),
          Array.from({ length: 100 }, (_, i) => i),
        );
        const byNumber = (a: number, b: number) => a - b;
        const reported = workers.flatMap((worker) =>
          worker.events.flatMap((event) => (event.event === 'complete' ? [event.value] : [])),
        );
        assert.equal(reported.length, 100);
        assert.deepEqual(trials.map((trial) => trial.value!).sort(byNumber), reported.sort(byNumber));
        for (const trial of trials) assert.deepEqual(trial.intermediateValues, new Map([[0, trial.value]]));
        const ranEnqueued = trials.map((trial) => trial.params['x'] as number).filter((x) => enqueued.includes(x));
        assert.deepEqual(ranEnqueued.sort(byNumber), enqueued);
      } finally {
        await cleanup();
      }
    });

    test('a worker killed mid-trial leaves a RUNNING trial that one other worker fails after the grace, and the study carries on', async () => {
      const { url, cleanup } = await openUrl();
      const studyName = uniqueStudyName('killed-worker');
      const graceSeconds = 2;
      const watchers: Storage[] = [];
      try {
        const doomed = startWorker(url, studyName, 2, 0, true);
        const { trialId: hung } = await doomed.next('hanging');
        doomed.process.kill('SIGKILL');
        await doomed.exited;
        const killedAt = Date.now();
        // Opened after the kill, so for SQLite the killed worker held the only connection: its WAL is recovered.
        for (let i = 0; i < 3; i++) watchers.push(await storageFromUrl(url));
        const studyId = await watchers[0]!.getStudyIdFromName(studyName);
        assert.equal((await watchers[0]!.getTrial(hung)).state, 'RUNNING');
        // Three watchers poll at once: the stale trial is failed by exactly one of them, once its grace has run out.
        let failed: number[] = [];
        while (failed.length === 0 && Date.now() - killedAt < 4 * graceSeconds * 1000) {
          await sleep(100);
          failed = (
            await Promise.all(watchers.map((watcher) => watcher.failStaleTrials(studyId, graceSeconds)))
          ).flat();
        }
        assert.deepEqual(failed, [hung]);
        assert.ok(
          Date.now() - killedAt >= (graceSeconds - 0.5) * 1000,
          'not failed long before the grace period ran out',
        );
        // Another worker (this process, through the study API) carries the study on.
        const successor = await createStudy({
          storage: watchers[0]!,
          studyName,
          loadIfExists: true,
          sampler: new RandomSampler({ seed: 1 }),
        });
        await successor.optimize(async (trial) => trial.suggestFloat('x', 0, 1), { nTrials: 3 });
        const trials = await watchers[0]!.getAllTrials(studyId);
        assert.deepEqual(
          trials.map((trial) => [trial.number, trial.state]),
          [
            [0, 'COMPLETE'],
            [1, 'COMPLETE'],
            [2, 'FAIL'],
            [3, 'COMPLETE'],
            [4, 'COMPLETE'],
            [5, 'COMPLETE'],
          ],
        );
        assert.deepEqual(
          trials.slice(0, 2).map((trial) => trial.value),
          [0.5, 1.5],
          'trials completed before the kill survived it',
        );
      } finally {
        for (const watcher of watchers) await watcher.close();
        await cleanup();
      }
    });
  });
}
