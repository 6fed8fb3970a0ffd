import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnWorkers } from '../../src/chapter/workerPool.js';

describe('spawnWorkers', () => {
  test('resolves once every worker exited with status 0', async () => {
    const started = Date.now();
    await spawnWorkers([
      ['-e', 'setTimeout(() => {}, 300)'],
      ['-e', 'process.exit(0)'],
    ]);
    assert.ok(Date.now() - started >= 300, 'waited for the slower worker');
  });

  test('rejects naming each failed worker, after all have exited', async () => {
    await assert.rejects(
      spawnWorkers([
        ['-e', 'process.exit(0)'],
        ['-e', 'process.exit(3)'],
        ['-e', "process.kill(process.pid, 'SIGKILL')"],
      ]),
      /^Error: worker 2 exited with status 3; worker 3 was killed by SIGKILL \(its messages are above\)$/,
    );
  });
});

describe('spawnWorkers when its process is stopped', () => {
  const parentScript = fileURLToPath(new URL('./fixtures/poolParent.ts', import.meta.url));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to the spawning process kills its workers, then the process itself`, async () => {
      const parent = spawn(process.execPath, ['--import', 'tsx', parentScript], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string];
      const workerPid = Number(line);
      try {
        assert.ok(isAlive(workerPid), 'the worker runs');
        parent.kill(signal);
        const [, parentSignal] = (await once(parent, 'exit')) as [number | null, NodeJS.Signals | null];
        assert.equal(parentSignal, signal);
        for (let waited = 0; isAlive(workerPid) && waited < 5000; waited += 50)
          await new Promise((resolve) => setTimeout(resolve, 50));
        assert.ok(!isAlive(workerPid), `worker ${workerPid} outlived its parent`);
      } finally {
        // An orphan would hold the output pipe open and keep this test file from ending.
        if (isAlive(workerPid)) process.kill(workerPid, 'SIGKILL');
      }
    });
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
