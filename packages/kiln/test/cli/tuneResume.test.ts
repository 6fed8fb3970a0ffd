// `kiln tune` SIGKILLed mid-trial and started again: the dead trial is failed, and its retry (linked
// to it) resumes from the trial's last epoch backup instead of from scratch.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RESUMED_FROM_EPOCH_ATTR } from '../../src/chapter/index.js';
import { loadStudy, RetryFailedTrialCallback, storageFromUrl } from '../../src/tuning/index.js';
import { writeTinyFashionMnist } from '../chapter/tinyFashionMnist.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-tune-resume-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** Runs `kiln ARGS`; when `killWhen` resolves true (polled), SIGKILLs it. */
function runKiln(
  args: readonly string[],
  killWhen?: () => Promise<boolean>,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, KILN_BACKEND: 'cpu' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll =
      killWhen &&
      setInterval(() => {
        void killWhen().then((kill) => kill && child.kill('SIGKILL'));
      }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test('kiln tune killed mid-trial: the trial fails, and its retry resumes from its backup', async () => {
  const data = await writeTinyFashionMnist(join(root, 'fashion'), 60, 20);
  const storage = `sqlite:${join(root, 'studies.db')}`;
  const out = join(root, 'artifacts');
  const args = [
    'tune',
    ...['--dataset', 'fashion-mnist', '--data', data, '--storage', storage, '--study', 'killed', '--out', out],
    ...['--trials', '1', '--epochs', '4', '--filters', '2:4', '--max-depth', '1', '--seed', '3', '--pruner', 'none'],
    ...['--stale-trial-seconds', '1', '--verbose', '2'],
  ];
  // Killed once trial 0 has backed up an epoch.
  const backup = join(out, 'backups', 'trial-0', 'backup.kiln');
  const killed = await runKiln(args, async () => (await stat(backup).catch(() => undefined)) !== undefined);
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  await sleep(1500);
  const rerun = await runKiln(args);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, /^trial 1 COMPLETE .*\(retry of trial 0, resumed from its backup after epoch [1-3]\)$/m);

  const stored = await storageFromUrl(storage);
  try {
    const trials = (await loadStudy({ studyName: 'killed', storage: stored })).trials;
    assert.deepEqual(
      trials.map((trial) => trial.state),
      ['FAIL', 'COMPLETE'],
    );
    const [failed, retry] = trials;
    assert.equal(RetryFailedTrialCallback.retriedTrialNumber(retry!), 0);
    assert.deepEqual(retry!.params, failed!.params);
    const resumedAt = retry!.userAttrs[RESUMED_FROM_EPOCH_ATTR] as number;
    assert.ok(resumedAt >= 1 && resumedAt < 4, `resumed at epoch ${resumedAt}`);
    // The retry reports every epoch, those before the kill included.
    assert.deepEqual([...retry!.intermediateValues.keys()].sort(), [1, 2, 3, 4]);
  } finally {
    await stored.close();
  }
  // Its backup went once the retry completed.
  assert.equal(await stat(join(out, 'backups', 'trial-0')).catch(() => undefined), undefined);
});
