// `kiln tune` SIGKILLed (or stopped by Ctrl-C) mid-trial and started again, on the chapter's search
// and on a user's build(context) module: the trial is failed, and its retry (linked to it) resumes
// from the trial's last epoch backup instead of from scratch.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RESUMED_FROM_BATCH_ATTR, RESUMED_FROM_EPOCH_ATTR } from '../../src/chapter/index.js';
import { loadStudy, RetryFailedTrialCallback, storageFromUrl, type FrozenTrial } from '../../src/tuning/index.js';
import { writeTinyFashionMnist } from '../chapter/tinyFashionMnist.js';
import { tableRows, writeCsv } from '../support/userData.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiln-tune-resume-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** Runs `kiln ARGS`; when `killWhen` resolves true (polled), sends it `signal` (once). */
function runKiln(
  args: readonly string[],
  killWhen?: () => Promise<boolean>,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, KILN_BACKEND: 'cpu' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let sent = false;
    const poll =
      killWhen &&
      setInterval(() => {
        void killWhen().then((kill) => {
          if (kill && !sent) sent = child.kill(signal);
        });
      }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

type Ran = Awaited<ReturnType<typeof runKiln>>;

/**
 * Runs `kiln tune ARGS`, sends it `signal` once trial 0 has a backup in `out` (after a SIGKILL,
 * waits for its heartbeat to go stale: `--stale-trial-seconds 1`), and runs the same command again
 * to the end.
 */
async function killOnceBackedUpThenRerun(
  args: readonly string[],
  out: string,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<{ killed: Ran; rerun: Ran }> {
  const backup = join(out, 'backups', 'trial-0', 'backup.kiln');
  const killed = await runKiln(args, async () => (await stat(backup).catch(() => undefined)) !== undefined, signal);
  if (signal === 'SIGKILL') {
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    await sleep(1500);
  }
  const rerun = await runKiln(args);
  assert.equal(rerun.code, 0, rerun.stderr);
  // Its backup went once the retry completed.
  assert.equal(await stat(join(out, 'backups', 'trial-0')).catch(() => undefined), undefined);
  return { killed, rerun };
}

/**
 * The retry, once the killed trial 0 is FAIL and its retry COMPLETE, linked to it as
 * RetryFailedTrialCallback links them (system attributes: the original trial, every earlier
 * attempt; the same parameters), with a whole record: every epoch's value, those before the kill
 * included.
 */
async function retriedTrial(storageUrl: string, studyName: string, epochs: number): Promise<FrozenTrial> {
  const storage = await storageFromUrl(storageUrl);
  try {
    const trials = (await loadStudy({ studyName, storage })).trials;
    assert.deepEqual(
      trials.map((trial) => trial.state),
      ['FAIL', 'COMPLETE'],
    );
    const [failed, retry] = trials;
    assert.equal(RetryFailedTrialCallback.retriedTrialNumber(retry!), 0);
    assert.deepEqual(RetryFailedTrialCallback.retryHistory(retry!), [0]);
    assert.deepEqual(retry!.params, failed!.params);
    assert.deepEqual(
      [...retry!.intermediateValues.keys()].sort((a, b) => a - b),
      Array.from({ length: epochs }, (_, i) => i + 1),
    );
    return retry!;
  } finally {
    await storage.close();
  }
}

// SIGKILL: the dead worker's trial is failed once its heartbeat is stale, and retried. Ctrl-C: the
// process fails its trial and queues it again itself, so the rerun resumes it at once.
for (const signal of ['SIGKILL', 'SIGINT'] as const) {
  test(`kiln tune stopped by ${signal} mid-trial: the trial fails, and its retry resumes from its backup`, async () => {
    const dir = join(root, `chapter-${signal}`);
    const data = await writeTinyFashionMnist(join(dir, 'fashion'), 60, 20);
    const storage = `sqlite:${join(dir, 'studies.db')}`;
    const out = join(dir, 'artifacts');
    const args = [
      'tune',
      ...['--dataset', 'fashion-mnist', '--data', data, '--storage', storage, '--study', 'stopped', '--out', out],
      ...['--trials', '1', '--epochs', '4', '--filters', '2:4', '--max-depth', '1', '--seed', '3', '--pruner', 'none'],
      ...['--stale-trial-seconds', '1', '--verbose', '2'],
    ];
    const { killed, rerun } = await killOnceBackedUpThenRerun(args, out, signal);
    if (signal === 'SIGINT') {
      assert.equal(killed.code, 130, killed.stderr);
      assert.match(killed.stderr, /trial 0 recorded as FAIL \(interrupted by SIGINT\) and queued again/);
    }
    assert.match(rerun.stdout, /^trial 1 COMPLETE .*\(retry of trial 0, resumed from its backup after epoch [1-3]\)$/m);
    const resumedAt = (await retriedTrial(storage, 'stopped', 4)).userAttrs[RESUMED_FROM_EPOCH_ATTR] as number;
    assert.ok(resumedAt >= 1 && resumedAt < 4, `resumed at epoch ${resumedAt}`);
  });
}

/** A user's module: a one-hidden-layer network whose width and learning rate the trial chooses. */
const userModule = `
export async function build({ tf, tfl, inputShape, outputs, trial }) {
  const units = await trial.suggestInt('units', 4, 16);
  const learningRate = await trial.suggestFloat('lr', 1e-3, 1e-2, { log: true });
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [...inputShape], units, activation: 'relu' }));
  model.add(tfl.layers.dropout({ rate: 0.2 }));
  model.add(tfl.layers.dense({ units: outputs, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy' });
  return model;
}
`;

// Backed up each epoch: killed after one, the retry starts at the next. With --backup-every (batch 1,
// so an epoch is 128 batches): killed after a batch backup, the retry starts inside that epoch.
const userModelCases: readonly { name: string; epochs: number; flags: readonly string[] }[] = [
  { name: 'epoch backups', epochs: 30, flags: ['--batch-size', '4'] },
  { name: '--backup-every 10', epochs: 4, flags: ['--batch-size', '1', '--backup-every', '10'] },
];

for (const [index, { name, epochs, flags }] of userModelCases.entries()) {
  test(`kiln tune MODEL killed mid-trial (${name}): the retry, linked to the dead trial, resumes from its last backup`, async (t) => {
    const dir = join(root, `user-model-${index}`);
    const csv = join(dir, 'train.csv');
    const modelFile = join(dir, 'tiny-model.mjs');
    await mkdir(dir, { recursive: true });
    await writeCsv(csv, tableRows(200));
    await writeFile(modelFile, userModule);
    const storage = `sqlite:${join(dir, 'studies.db')}`;
    const out = join(dir, 'artifacts');
    // No --seed: the rerun takes the study's, so the retry's backup (made with that seed) is its own.
    const args = [
      ...['tune', modelFile, '--data', csv, '--target', 'species', '--test-split', '0.2', ...flags],
      ...['--storage', storage, '--study', 'mine', '--out', out, '--trials', '1', '--epochs', String(epochs)],
      ...['--pruner', 'none', '--stale-trial-seconds', '1', '--verbose', '2'],
    ];
    const { killed, rerun } = await killOnceBackedUpThenRerun(args, out);
    const line =
      /^trial 1 COMPLETE val_acc .*\(retry of trial 0, resumed from its backup (after epoch \d+|at epoch \d+, batch \d+)\)$/m.exec(
        rerun.stdout,
      );
    assert.ok(line, rerun.stdout);
    const retry = await retriedTrial(storage, 'mine', epochs);
    assert.deepEqual(Object.keys(retry.params).sort(), ['lr', 'units']);
    // Epochs done in the backup, and batches of the next one (a batch backup).
    const resumedAt = retry.userAttrs[RESUMED_FROM_EPOCH_ATTR] as number;
    const resumedBatch = retry.userAttrs[RESUMED_FROM_BATCH_ATTR] as number | undefined;
    if (flags.includes('--backup-every')) {
      assert.equal(line[1], `at epoch ${resumedAt + 1}, batch ${resumedBatch}`);
      assert.ok(resumedBatch !== undefined && resumedBatch % 10 === 0, `resumed at batch ${resumedBatch}`);
    } else {
      assert.equal(line[1], `after epoch ${resumedAt}`);
      assert.ok(resumedAt >= 1, `resumed at epoch ${resumedAt}`);
      assert.equal(resumedBatch, undefined);
    }
    assert.ok(resumedAt < epochs, `resumed at epoch ${resumedAt}`);
    // The killed run trained past the backup it resumes from; the rerun trained only the epochs after it.
    const epochLines = (stderr: string): number[] =>
      [...stderr.matchAll(new RegExp(`^Epoch (\\d+)/${epochs} - `, 'gm'))].map((match) => Number(match[1]));
    assert.ok(epochLines(killed.stderr).length >= resumedAt, killed.stderr);
    const rerunEpochs = epochLines(rerun.stderr);
    t.diagnostic(
      `killed after ${epochLines(killed.stderr).length} whole epoch(s); the retry resumed from its backup ${line[1]}, then ran epochs ${rerunEpochs[0]}-${rerunEpochs.at(-1)}`,
    );
    assert.deepEqual(
      rerunEpochs,
      Array.from({ length: epochs - resumedAt }, (_, i) => resumedAt + 1 + i),
      `the rerun re-ran none of epochs 1-${resumedAt}`,
    );
    assert.ok(await stat(join(out, 'trial-1', 'model', 'model.json')));
  });
}
