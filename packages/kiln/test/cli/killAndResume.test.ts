// Acceptance: `kiln train` SIGKILLed at random moments (during an epoch, during a backup write) and
// rerun until it finishes ends with the weights of a run never interrupted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import type { ConvnetSpec } from '../../src/models/index.js';
import { fashionMnistFiles, writeFiles } from '../data/fixtures.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// The CLI's default engine when it loads (its kernels must be deterministic for this to hold).
const backend = isOneDnnAvailable().available ? 'onednn' : 'cpu';

// Dropout (a new mask every step), batch normalization and RMSprop's slots all have to resume.
const spec: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [4], maxPooling: true, dropout: 0.25 }],
  batchNormalization: true,
  head: 'flatten',
  dense: [{ units: 16, dropout: 0.5 }],
  optimizer: { name: 'rmsprop', learningRate: 0.003 },
};

type Ending = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string };
type KillPlan = 'mid-epoch' | 'backup-write' | 'after-batch-backup';

/** A seeded generator of the test's own choices (kill moments), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Runs `kiln train ARGS`; with a plan, SIGKILLs it: 'mid-epoch' `delayMs` after the epoch line
 * number `afterEpochs` appears, 'backup-write' as soon as a backup's temp file is created in
 * `workspace` after that line (inotify, so the kill lands while the file is being written),
 * 'after-batch-backup' as soon as a batch backup (`--backup-every`, `--verbose 2` prints them) is
 * written after that line, so the kill lands before the next one.
 */
function runKiln(
  args: readonly string[],
  kill?: { plan: KillPlan; afterEpochs: number; delayMs: number; workspace: string },
): Promise<Ending & { midWrite: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, KILN_BACKEND: backend, KILN_THREADS: '2' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let midWrite = false;
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const epochs = (stderr.match(/^Epoch \d+\/\d+ - /gm) ?? []).length;
      if (kill === undefined || epochs < kill.afterEpochs || timer !== undefined || watcher !== undefined) return;
      if (kill.plan === 'after-batch-backup') {
        const batchBackup = new RegExp(`^backed up at epoch ${kill.afterEpochs + 1}, batch [1-9]`, 'm');
        if (batchBackup.test(stderr) && child.exitCode === null) child.kill('SIGKILL');
      } else if (kill.plan === 'mid-epoch') timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      else
        watcher = watch(kill.workspace, (_, name) => {
          if (name?.startsWith('.backup.kiln.tmp-') && child.exitCode === null) midWrite = child.kill('SIGKILL');
        });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ code, signal, stderr, midWrite });
    });
  });
}

async function finalWeights(out: string): Promise<Float32Array> {
  const bytes = await readFile(join(out, 'weights.bin'));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

describe(`kiln train killed and rerun ends with the uninterrupted run's weights (${backend})`, () => {
  let root: string;
  let data: string;
  let specFile: string;
  const trainArgs = (out: string, seed: number, ...extra: string[]): string[] => [
    'train',
    specFile,
    '--data',
    data,
    '--dataset',
    'fashion-mnist',
    '--seed',
    String(seed),
    '--epochs',
    '4',
    '--batch-size',
    '16',
    '--lr-schedule',
    'cosine',
    '--early-stopping',
    '3',
    '--checkpoint',
    'best',
    '--verbose',
    '2',
    '--out',
    out,
    ...extra,
  ];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-kill-'));
    data = join(root, 'fashion');
    await writeFiles(data, fashionMnistFiles(160, 20));
    specFile = join(root, 'tiny.json');
    await writeFile(specFile, JSON.stringify(spec));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const cases: { readonly seed: number; readonly plans: readonly KillPlan[] }[] = [
    { seed: 5, plans: ['mid-epoch', 'backup-write'] },
    { seed: 6, plans: ['backup-write', 'mid-epoch'] },
  ];
  for (const { seed, plans } of cases) {
    test(`seed ${seed}: killed ${plans.join(', ')}`, async (t) => {
      const reference = join(root, `reference-${seed}`);
      const out = join(root, `killed-${seed}`);
      const workspace = join(`${out}.partial`, 'tiny');
      const next = random(seed);
      const killedRuns = async (): Promise<string[]> => {
        const kills: string[] = [];
        let refusalChecked = false;
        // A kill can land before the first backup or after the run had finished (its workspace
        // removed): then there is nothing to resume, and the rerun starts afresh.
        let leftBackup = false;
        for (const plan of plans) {
          const afterEpochs = 1 + Math.floor(next() * 2);
          const delayMs = Math.floor(next() * 300);
          const ending = await runKiln(trainArgs(out, seed), { plan, afterEpochs, delayMs, workspace });
          if (ending.code === 0) return kills;
          assert.equal(ending.signal, 'SIGKILL', ending.stderr);
          const backedUp = (await readdir(workspace).catch((): string[] => [])).includes('backup.kiln');
          leftBackup = backedUp;
          kills.push(
            `${plan} after ${afterEpochs} epoch(s)${ending.midWrite ? ', during a backup write' : ''}` +
              (backedUp ? '' : ', no backup left to resume from'),
          );
          if (backedUp && !refusalChecked) {
            refusalChecked = true;
            // Another command's backup is refused, and left as it was.
            const other = await runKiln(trainArgs(out, seed).map((arg) => (arg === '16' ? '8' : arg)));
            assert.notEqual(other.code, 0);
            assert.match(other.stderr, /was made by a different run \(.*batchSize 16 there, 8 here/);
          }
        }
        const resumed = await runKiln(trainArgs(out, seed));
        assert.equal(resumed.code, 0, resumed.stderr);
        if (leftBackup) assert.match(resumed.stderr, /resuming the interrupted run in/);
        return kills;
      };
      // The uninterrupted reference trains meanwhile.
      const [whole, kills] = await Promise.all([runKiln(trainArgs(reference, seed)), killedRuns()]);
      assert.equal(whole.code, 0, whole.stderr);
      t.diagnostic(`killed: ${kills.join('; ')}`);
      assert.ok(kills.length > 0, 'every run finished before its kill: nothing was tested');

      const [expected, actual] = [await finalWeights(reference), await finalWeights(out)];
      assert.equal(actual.length, expected.length);
      let worst = 0;
      for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-6));
      t.diagnostic(`largest relative difference: ${worst}`);
      assert.ok(worst <= 1e-5, `weights differ by up to ${worst} (relative)`);
      const history = async (dir: string) => readFile(join(dir, 'history.csv'), 'utf8');
      assert.equal(await history(out), await history(reference), 'history.csv: each epoch once, same values');
      assert.deepEqual(
        (await readdir(root)).filter((name) => name.endsWith('.partial') || name === '.unfinished'),
        [],
      );
    });
  }
});

describe(`kiln train --backup-every killed between two batch backups resumes from the last (${backend})`, () => {
  let root: string;
  let args: (out: string, ...extra: string[]) => string[];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-kill-batches-'));
    const data = join(root, 'fashion');
    await writeFiles(data, fashionMnistFiles(160, 20));
    const specFile = join(root, 'tiny.json');
    await writeFile(specFile, JSON.stringify(spec));
    // 128 training images in batches of 16: 8 batches an epoch, backed up after batches 2, 4 and 6 and at its end.
    args = (out, ...extra) => [
      ...['train', specFile, '--data', data, '--dataset', 'fashion-mnist', '--seed', '7', '--epochs', '3'],
      ...['--batch-size', '16', '--lr-schedule', 'cosine', '--backup-every', '2', '--verbose', '2', '--out', out],
      ...extra,
    ];
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('killed in epoch 2 after a batch backup: the rerun resumes at that batch and ends bit-equal', async (t) => {
    const reference = join(root, 'reference');
    const out = join(root, 'killed');
    const workspace = join(`${out}.partial`, 'tiny');
    const killedThenResumed = async (): Promise<string> => {
      const killed = await runKiln(args(out), { plan: 'after-batch-backup', afterEpochs: 1, delayMs: 0, workspace });
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      const resumed = await runKiln(args(out));
      assert.equal(resumed.code, 0, resumed.stderr);
      return resumed.stderr;
    };
    const [whole, resumedLog] = await Promise.all([runKiln(args(reference)), killedThenResumed()]);
    assert.equal(whole.code, 0, whole.stderr);
    const resumedAt = /^resuming from .*backup\.kiln: epoch (\d+), batch (\d+)$/m.exec(resumedLog);
    assert.ok(resumedAt, resumedLog);
    t.diagnostic(`resumed at epoch ${resumedAt[1]}, batch ${resumedAt[2]}`);
    // A batch backup of epoch 2 (batches 2, 4 or 6), not the backup at epoch 1's end.
    assert.equal(resumedAt[1], '2');
    assert.match(resumedAt[2]!, /^[246]$/);
    assert.deepEqual(await finalWeights(out), await finalWeights(reference), 'the same weights, bit for bit');
    const history = async (dir: string) => readFile(join(dir, 'history.csv'), 'utf8');
    assert.equal(await history(out), await history(reference));
  });

  test('--backup-every is checked before any work: a count that is not a positive integer (train, compare, tune), or with --no-backup', async () => {
    const bad = await runKiln(args(join(root, 'bad'), '--backup-every', 'often'));
    assert.notEqual(bad.code, 0);
    assert.match(
      bad.stderr,
      /--backup-every <batches>' argument 'often' is invalid\. 'often' is not a positive whole number of batches/,
    );
    for (const command of ['compare', 'tune']) {
      const zero = await runKiln([command, '--backup-every', '0']);
      assert.notEqual(zero.code, 0);
      assert.match(zero.stderr, /'0' is not a positive whole number of batches/);
    }
    const both = await runKiln(args(join(root, 'both'), '--no-backup'));
    assert.notEqual(both.code, 0);
    assert.match(both.stderr, /--backup-every 2 asks for backups, --no-backup for none: choose one/);
    const left = (await readdir(root)).filter((name) => /bad|both|unfinished/.test(name));
    assert.deepEqual(left, [], 'nothing written');
  });
});
