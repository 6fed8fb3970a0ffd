import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawnWorkers } from '../../../src/tuning/chapter/workerPool.js';

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
      spawnWorkers([['-e', 'process.exit(0)'], ['-e', 'process.exit(3)'], ['-e', "process.kill(process.pid, 'SIGKILL')"]]),
      /^Error: worker 2 exited with status 3; worker 3 was killed by SIGKILL \(its messages are above\)$/,
    );
  });
});
