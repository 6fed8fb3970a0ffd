import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { SqliteStorage } from '../../../src/tuning/index.js';
import { runKiln } from '../runKiln.js';

const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/** Starts `kiln dashboard ARGS`, waits for the URL it prints, and returns it with a way to stop it. */
async function startKilnDashboard(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'dashboard', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /at (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kiln dashboard exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('kiln dashboard', () => {
  let root: string;
  let storageUrl: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-dashboard-cli-'));
    storageUrl = `sqlite:${join(root, 'studies.db')}`;
    const storage = await SqliteStorage.open(join(root, 'studies.db'));
    await storage.createStudy('listed', 'minimize');
    await storage.close();
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('listens on 127.0.0.1 by default, lists the studies and stops cleanly on SIGTERM', async () => {
    const dashboard = await startKilnDashboard(['--storage', storageUrl, '--port', '0']);
    try {
      assert.match(dashboard.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const studies = (await (await fetch(new URL('/api/studies', dashboard.url))).json()) as { studyName: string }[];
      assert.deepEqual(
        studies.map((study) => study.studyName),
        ['listed'],
      );
      assert.doesNotMatch(dashboard.stderr(), /warning/);
    } finally {
      assert.equal(await dashboard.stop(), 0);
    }
  });

  test('warns that it has no authentication when --host is given', async () => {
    const dashboard = await startKilnDashboard(['--storage', storageUrl, '--port', '0', '--host', '127.0.0.1']);
    try {
      // stderr and stdout are separate pipes: the warning, written first, may arrive after the URL.
      for (let wait = 0; wait < 50 && !dashboard.stderr().includes('warning'); wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(dashboard.stderr(), /warning: --host 127\.0\.0\.1: the dashboard has no authentication/);
    } finally {
      await dashboard.stop();
    }
  });

  test('refuses a storage that does not exist instead of creating it', async () => {
    const result = await runKiln(['dashboard', '--storage', `sqlite:${join(root, 'missing.db')}`, '--port', '0']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--storage: .*missing\.db.* does not exist/);
  });
});
