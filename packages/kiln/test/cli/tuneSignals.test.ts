import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  FAIL_REASON,
  loadStudy,
  RetryFailedTrialCallback,
  storageFromUrl,
  type FrozenTrial,
} from '../../src/tuning/index.js';
import { FIXED_PARAMS } from '../../src/tuning/trial.js';
import { writeTinyFashionMnist } from '../chapter/tinyFashionMnist.js';
import { startKiln } from './runKiln.js';
import { seededRandom } from './support.js';

const hangingCleanUp = fileURLToPath(new URL('./fixtures/hangingCleanUp.ts', import.meta.url));

describe('kiln tune stopped by a signal', () => {
  let root: string;
  let data: string;
  let storageUrl: string;
  const tune = (study: string): string[] => [
    'tune',
    ...['--dataset', 'fashion-mnist', '--data', data, '--storage', storageUrl, '--study', study],
    ...['--out', join(root, study), '--trials', '50', '--epochs', '3', '--filters', '2:4', '--max-depth', '1'],
    ...['--seed', '3', '--verbose', '0'],
  ];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-signal-'));
    data = await writeTinyFashionMnist(join(root, 'fashion'), 60, 20);
    storageUrl = `sqlite:${join(root, 'studies.db')}`;
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function trialsOf(study: string): Promise<FrozenTrial[]> {
    const storage = await storageFromUrl(storageUrl, { readOnly: true });
    try {
      return [...(await loadStudy({ studyName: study, storage })).trials];
    } finally {
      await storage.close();
    }
  }

  /** Starts `kiln tune` and sends `signals` once it has started its trials, after a random delay. */
  async function interrupt(study: string, signals: readonly NodeJS.Signals[], delayMs: number) {
    const run = startKiln(tune(study));
    await new Promise<void>((resolve) => {
      let seen = '';
      const check = (chunk: Buffer): void => {
        seen += chunk.toString();
        if (!seen.includes(`study '${study}'`)) return;
        run.child.stdout!.off('data', check);
        setTimeout(() => {
          for (const signal of signals) run.child.kill(signal);
          resolve();
        }, delayMs);
      };
      run.child.stdout!.on('data', check);
      void run.result.then(() => resolve());
    });
    return run.result;
  }

  let interruptedTrials = 0;
  for (const [seed, signal, code] of [
    [1, 'SIGINT', 130],
    [2, 'SIGINT', 130],
    [3, 'SIGTERM', 143],
  ] as const) {
    test(`${signal} at a random moment (seed ${seed}): the running trial is FAIL, none is left RUNNING, exit ${code}`, async () => {
      const study = `stopped-${seed}`;
      const result = await interrupt(study, [signal], 200 + seededRandom(seed)() * 2500);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, new RegExp(`kiln: ${signal}: stopping`));
      assert.match(
        result.stderr,
        new RegExp(
          `kiln: (no trial was running|trial \\d+ recorded as FAIL \\(interrupted by ${signal}\\) and queued again); study '${study}' keeps its finished trials`,
        ),
      );
      const trials = await trialsOf(study);
      assert.deepEqual(
        trials.filter((trial) => trial.state === 'RUNNING').map((trial) => trial.number),
        [],
        'no trial is left RUNNING',
      );
      const interrupted = trials.filter((trial) => trial.systemAttrs[FAIL_REASON] === `interrupted by ${signal}`);
      assert.ok(interrupted.length <= 1);
      interruptedTrials += interrupted.length;
      // The interrupted trial waits, with its parameters, for the next run to resume it.
      assert.deepEqual(
        trials
          .filter((trial) => trial.state === 'WAITING')
          .map((trial) => [RetryFailedTrialCallback.retriedTrialNumber(trial), trial.systemAttrs[FIXED_PARAMS]]),
        interrupted.map((trial) => [trial.number, trial.params]),
      );
    });
  }

  test('the interrupted runs above failed a running trial at least once', () => {
    assert.ok(interruptedTrials >= 1, `interrupted trials: ${interruptedTrials}`);
  });

  test('a second Ctrl-C exits at once, even while the clean-up after the first is still running', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', hangingCleanUp], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('stopping')) child.kill('SIGINT');
    });
    child.stdout.once('data', () => child.kill('SIGINT'));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 130, stderr);
    assert.match(
      stderr,
      /^kiln: SIGINT: stopping \(Ctrl-C again to exit at once\)\nkiln: SIGINT again: exiting at once\n$/,
    );
  });
});
