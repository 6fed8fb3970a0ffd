import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recoverArtifactFolder, writeArtifactFolder } from '../../src/files/index.js';
import { seededRandom } from '../cli/support.js';

const worker = fileURLToPath(new URL('./fixtures/saveWorker.ts', import.meta.url));

interface WorkerReport {
  /** The version the folder held when the worker started (after recovery), null for none. */
  readonly found: number | string | null;
  /** Hidden siblings of the folder left after recovery (the lock excepted). */
  readonly hidden: readonly string[];
  readonly notes: readonly string[];
}

interface WorkerRun {
  readonly report: WorkerReport;
  /** Versions the worker finished saving before it was killed. */
  readonly saved: readonly number[];
}

/**
 * Starts the save worker and SIGKILLs it `killAfterMs` after it has reported (or lets it finish
 * when undefined): what a user's Ctrl-\\ or the OOM killer does to `kiln train --out` while it saves.
 */
function runWorker(args: readonly string[], killAfterMs: number | undefined): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (timer === undefined && killAfterMs !== undefined && stdout.includes('\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const [first, ...rest] = stdout.split('\n');
      if (first === undefined || first === '') {
        reject(new Error(`the worker reported nothing (code ${code}, signal ${signal}): ${stderr}`));
        return;
      }
      if (signal === null && code !== 0) {
        reject(new Error(`the worker failed (code ${code}): ${stderr}`));
        return;
      }
      const saved = rest.flatMap((line) => (/^saved (\d+)$/.exec(line) ? [Number(line.slice(6))] : []));
      resolve({ report: JSON.parse(first) as WorkerReport, saved });
    });
  });
}

describe('writeArtifactFolder', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-artifact-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('replaces a folder as one step and leaves nothing hidden beside it', async () => {
    const dir = join(root, 'plain');
    await writeArtifactFolder(dir, (staging) => writeFile(join(staging, 'a.txt'), 'old'));
    await writeArtifactFolder(dir, (staging) => writeFile(join(staging, 'b.txt'), 'new'));
    assert.deepEqual(await readdir(dir), ['b.txt']);
    assert.deepEqual(await readdir(root), ['plain']);
  });

  test('a failed fill leaves the old folder as it was and no temporary', async () => {
    const dir = join(root, 'kept');
    await writeArtifactFolder(dir, (staging) => writeFile(join(staging, 'a.txt'), 'old'));
    await assert.rejects(
      writeArtifactFolder(dir, async (staging) => {
        await writeFile(join(staging, 'a.txt'), 'half');
        throw new Error('disk full');
      }),
      /disk full/,
    );
    assert.equal(await readFile(join(dir, 'a.txt'), 'utf8'), 'old');
    assert.deepEqual((await readdir(root)).sort(), ['kept', 'plain']);
  });

  test("recovery restores a dead writer's complete old folder and removes its temporaries, sparing a live writer's", async () => {
    const parent = join(root, 'recover');
    await mkdir(join(parent, '.out.old-999999999-ab12'), { recursive: true });
    await writeFile(join(parent, '.out.old-999999999-ab12', 'a.txt'), 'old');
    await mkdir(join(parent, '.out.tmp-999999999-cd34'));
    await mkdir(join(parent, `.out.tmp-${process.pid}-ef56`));
    const notes = await recoverArtifactFolder(join(parent, 'out'));
    assert.equal(await readFile(join(parent, 'out', 'a.txt'), 'utf8'), 'old');
    assert.deepEqual((await readdir(parent)).sort(), [`.out.tmp-${process.pid}-ef56`, 'out']);
    assert.match(notes.join('\n'), /restored .*out from \.out\.old-999999999-ab12/);
    assert.match(notes.join('\n'), /removed \.out\.tmp-999999999-cd34, left by a save that was killed/);
  });
});

describe('the save path under SIGKILL: 50 random kills, each followed by a rerun', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-kill-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // 20 kills while a model replaces an older one, 15 while a model is saved where none was,
  // 15 while an ensemble replaces an older one.
  const scenarios = [
    { kind: 'model', mode: 'replace', kills: 20, seed: 11 },
    { kind: 'model', mode: 'new', kills: 15, seed: 12 },
    { kind: 'ensemble', mode: 'replace', kills: 15, seed: 13 },
  ] as const;
  for (const { kind, mode, kills, seed } of scenarios) {
    test(`${kind} --out (${mode}): after every kill the folder holds the complete old or the complete new artifact`, async () => {
      const random = seededRandom(seed);
      const parent = join(root, `${kind}-${mode}`);
      await mkdir(parent);
      const out = join(parent, 'out');
      // The versions the folder may hold after the next rerun: the killed worker's last complete save
      // (or, if it saved nothing, what it found), or the one it was writing.
      let allowed = new Set<number | null>([null]);
      if (mode === 'replace') {
        const setup = await runWorker([kind, 'new', out, '1'], undefined);
        assert.deepEqual(setup.saved, [1]);
        allowed = new Set([1]);
      }
      for (let kill = 0; kill <= kills; kill++) {
        const first = 1000 * (kill + 1);
        const last = kill === kills;
        // Killed 0-120 ms after it reported: before, during or after a save of a few MB, at random.
        const run = await runWorker(
          [kind, last ? 'recover' : mode, out, String(first)],
          last ? undefined : random() * 120,
        );
        // This run is the rerun of the previous kill: it found the old or the new artifact, complete, and nothing hidden.
        const context = `seed ${seed}, kill ${kill}: ${JSON.stringify(run.report)}`;
        assert.ok(allowed.has(run.report.found as number | null), `${context}; allowed ${[...allowed].join(' or ')}`);
        assert.deepEqual(run.report.hidden, [], context);
        const lastSaved = run.saved.at(-1);
        allowed =
          lastSaved === undefined
            ? new Set([
                run.report.found as number | null,
                mode === 'new' ? null : (run.report.found as number | null),
                first,
              ])
            : new Set([lastSaved, mode === 'new' ? lastSaved : lastSaved + 1]);
      }
      assert.deepEqual(
        (await readdir(parent)).filter((name) => name.startsWith('.')),
        [],
        'the last rerun left no temporary and no lock',
      );
    });
  }
});
