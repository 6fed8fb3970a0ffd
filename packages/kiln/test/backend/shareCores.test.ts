import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { isOneDnnAvailable, nativeAddon } from 'tfjs-backend-onednn';

import { shareCores, threadsPerProcess } from '../../src/backend/shareCores.js';

describe('threadsPerProcess', () => {
  it('shares the cores out evenly, at least one thread each', () => {
    assert.equal(threadsPerProcess(1, 8), 8);
    assert.equal(threadsPerProcess(2, 8), 4);
    assert.equal(threadsPerProcess(3, 8), 2);
    assert.equal(threadsPerProcess(4, 2), 1);
  });
});

describe('shareCores', () => {
  const saved = process.env.KILN_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.KILN_THREADS;
    else process.env.KILN_THREADS = saved;
  });

  it(
    "gives the other processes their share in KILN_THREADS, takes this one's, and gives it back",
    { skip: !isOneDnnAvailable().available },
    () => {
      delete process.env.KILN_THREADS;
      const before = nativeAddon().info().threads;
      const share = shareCores(2);
      const expected = threadsPerProcess(2);
      assert.equal(share.env.KILN_THREADS, String(expected));
      assert.equal(nativeAddon().info().threads, expected);
      share.restore();
      assert.equal(nativeAddon().info().threads, before);
    },
  );

  it('leaves the threads alone when KILN_THREADS chose them, or one process trains', () => {
    process.env.KILN_THREADS = '3';
    assert.equal(shareCores(4).env.KILN_THREADS, '3');
    delete process.env.KILN_THREADS;
    assert.equal(shareCores(1).env.KILN_THREADS, undefined);
  });
});
