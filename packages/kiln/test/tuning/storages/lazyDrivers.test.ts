import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Imports `entry` in a fresh Node process, runs `then` (a statement using the module as `m`), and
 * returns the database drivers that process loaded, read from the CommonJS module cache (through
 * which both drivers, being CommonJS, are loaded).
 */
async function driversLoaded(entry: string, then = ''): Promise<string[]> {
  const script = `
    import { createRequire } from 'node:module';
    const m = await import(${JSON.stringify(join(packageDir, entry))});
    ${then}
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const drivers = ['better-sqlite3', 'pg'].filter((name) => loaded.some((file) => file.includes('/node_modules/' + name + '/')));
    process.stdout.write(JSON.stringify(drivers));
  `;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: packageDir,
  });
  return JSON.parse(stdout) as string[];
}

describe('the database drivers load only when a database storage is opened', () => {
  test('importing the tuning entry and tuning in memory loads neither better-sqlite3 nor pg', async () => {
    const study = `
      const study = await m.createStudy({ direction: 'minimize' });
      await study.optimize(async (trial) => (await trial.suggestFloat('x', -1, 1)) ** 2, { nTrials: 3 });
    `;
    assert.deepEqual(await driversLoaded('src/tuning/index.ts', study), []);
  });

  test("importing Kiln's package entry loads neither", async () => {
    assert.deepEqual(await driversLoaded('src/index.ts'), []);
  });

  test('opening a SQLite storage loads better-sqlite3, and only it (the check sees a loaded driver)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiln-lazy-drivers-'));
    try {
      const open = `const storage = await m.storageFromUrl(${JSON.stringify(`sqlite:${join(dir, 'studies.db')}`)}); await storage.close();`;
      assert.deepEqual(await driversLoaded('src/tuning/index.ts', open), ['better-sqlite3']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
