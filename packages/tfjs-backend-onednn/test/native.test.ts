import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { isOneDnnAvailable, nativeAddon } from '../src/index.js';

const run = promisify(execFile);

describe('the native addon', () => {
  it('loads here and reports oneDNN and its thread count', () => {
    assert.deepEqual(isOneDnnAvailable(), { available: true });
    const info = nativeAddon().info();
    assert.match(info.version, /^\d+\.\d+\.\d+$/);
    assert.ok(info.threads >= 1);
  });

  it('says why it is unavailable and how to fix it when the addon was not built', async () => {
    // The loader alone, in a package without build/.
    const root = await mkdtemp(join(tmpdir(), 'onednn-unbuilt-'));
    try {
      await mkdir(join(root, 'src'));
      const loader = join(root, 'src', 'native.ts');
      await copyFile(fileURLToPath(new URL('../src/native.ts', import.meta.url)), loader);
      const unbuilt = (await import(pathToFileURL(loader).href)) as typeof import('../src/native.js');
      const availability = unbuilt.isOneDnnAvailable();
      assert.equal(availability.available, false);
      assert.match(
        availability.reason ?? '',
        /did not load .*apt-get install libdnnl-dev.*npm rebuild tfjs-backend-onednn/,
      );
      assert.throws(() => unbuilt.nativeAddon(), /tfjs-backend-onednn: the oneDNN addon did not load/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('bounds its primitive cache, evicting the least recently used', () => {
    const addon = nativeAddon();
    const pool = (size: number) => {
      // 2x2 max pooling, stride 2, of a 1 x size x size x 1 image of 0, 1, 2, ...
      const out = size / 2;
      const y = new Float32Array(out * out);
      addon.poolForward(
        Float32Array.from({ length: size * size }, (_, i) => i),
        y,
        null,
        [1, size, size, 1, out, out, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0],
        true,
      );
      return y;
    };
    const capacity = addon.info().cacheCapacity;
    try {
      addon.setPrimitiveCacheCapacity(2);
      for (const size of [4, 6, 8, 10]) assert.equal(pool(size)[0], size + 1);
      assert.equal(addon.info().cachedPrimitives, 2);
      assert.deepEqual(Array.from(pool(4)), [5, 7, 13, 15]); // rebuilt after eviction
    } finally {
      addon.setPrimitiveCacheCapacity(capacity);
    }
  });

  it('changes its thread count, rebuilding the primitives built for the old one, and refuses zero', () => {
    const addon = nativeAddon();
    const threads = addon.info().threads;
    const y = new Float32Array(4);
    const pool = () =>
      addon.poolForward(
        Float32Array.from({ length: 16 }, (_, i) => i),
        y,
        null,
        [1, 4, 4, 1, 2, 2, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0],
        true,
      );
    try {
      pool();
      addon.setThreads(1);
      assert.deepEqual([addon.info().threads, addon.info().cachedPrimitives], [1, 0]);
      pool();
      assert.deepEqual(Array.from(y), [5, 7, 13, 15]);
      assert.throws(() => addon.setThreads(0), /onednn setThreads: the thread count must be a positive integer/);
    } finally {
      addon.setThreads(threads);
    }
    assert.equal(addon.info().threads, threads);
  });

  it('refuses a primitive cache capacity that is not an integer >= 0, keeping the old one', () => {
    const addon = nativeAddon();
    const capacity = addon.info().cacheCapacity;
    const setCapacity = addon.setPrimitiveCacheCapacity as (capacity: unknown) => void;
    for (const bad of [-1, 2.5, Number.NaN, '8', undefined]) {
      assert.throws(
        () => setCapacity(bad),
        /onednn setPrimitiveCacheCapacity: the capacity must be an integer from 0 to 2\^32 - 1/,
        String(bad),
      );
    }
    assert.equal(addon.info().cacheCapacity, capacity);
  });

  it('turns a bad argument into an error naming the kernel and what is wrong', () => {
    assert.throws(
      () => nativeAddon().sgemm(new Float32Array(4), new Float32Array(4), new Float32Array(3), [2, 2, 2]),
      /onednn sgemm: c has 3 elements, expected 4/,
    );
  });

  it('turns a oneDNN failure into an error with its status', () => {
    // A window larger than the padded input: oneDNN refuses to build the pooling primitive.
    const geometry = [1, 2, 2, 1, 1, 1, 1, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1, 0];
    assert.throws(
      () => nativeAddon().poolForward(new Float32Array(4), new Float32Array(1), null, geometry, true),
      /onednn poolForward: .*dnnl status/,
    );
  });
});

describe("the engine's process-wide settings", () => {
  const fixture = fileURLToPath(new URL('./fixtures/processSettings.ts', import.meta.url));
  const withoutSettings = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !['GOMP_SPINCOUNT', 'OMP_WAIT_POLICY', 'KILN_PROCESS_SETTINGS'].includes(name),
    ),
  );
  const inFreshProcess = async (options: object | null, env: NodeJS.ProcessEnv = withoutSettings) => {
    const args = ['--import', 'tsx', fixture, ...(options === null ? [] : [JSON.stringify(options)])];
    const { stdout } = await run(process.execPath, args, { env });
    return JSON.parse(stdout) as {
      afterImport: { envUnchanged: boolean; addonLoaded: boolean };
      afterSetup: {
        available: boolean;
        gompSpinCount: string | null;
        addonLoaded: boolean;
        otherSettingsRefused: boolean;
      };
    };
  };

  it('importing the package leaves process.env as it was and loads no native code', async () => {
    const { afterImport } = await inFreshProcess(null);
    assert.deepEqual(afterImport, { envUnchanged: true, addonLoaded: false });
  });

  it('setupOneDnn() loads the addon and sets GOMP_SPINCOUNT; a later call asking otherwise is refused', async () => {
    const { afterSetup } = await inFreshProcess({});
    assert.deepEqual(afterSetup, {
      available: true,
      gompSpinCount: '30000',
      addonLoaded: true,
      otherSettingsRefused: true,
    });
  });

  it('setupOneDnn({ processSettings: false }) and KILN_PROCESS_SETTINGS=0 leave the environment alone', async () => {
    const expected = { available: true, gompSpinCount: null, addonLoaded: true, otherSettingsRefused: true };
    assert.deepEqual((await inFreshProcess({ processSettings: false })).afterSetup, expected);
    const optedOut = { ...withoutSettings, KILN_PROCESS_SETTINGS: '0' };
    assert.deepEqual((await inFreshProcess({}, optedOut)).afterSetup, expected);
  });

  it("a GOMP_SPINCOUNT or OMP_WAIT_POLICY of the user's is kept", async () => {
    const spin = await inFreshProcess({}, { ...withoutSettings, GOMP_SPINCOUNT: '5' });
    assert.equal(spin.afterSetup.gompSpinCount, '5');
    const policy = await inFreshProcess({}, { ...withoutSettings, OMP_WAIT_POLICY: 'passive' });
    assert.equal(policy.afterSetup.gompSpinCount, null);
  });
});
