import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';

import { chooseBackend, setupBackend } from '../../src/backend/select.js';

const unavailable = {
  available: false,
  reason: "the oneDNN addon did not load (missing libdnnl.so.2); install oneDNN with 'apt-get install libdnnl-dev'",
};

describe('chooseBackend', () => {
  it('picks onednn by default when its addon loaded', () => {
    assert.deepEqual(chooseBackend(undefined, { available: true }), { name: 'onednn' });
  });

  it('falls back to cpu with a warning that says why and how to fix it', () => {
    const choice = chooseBackend(undefined, unavailable);
    assert.equal(choice.name, 'cpu');
    assert.match(choice.warning ?? '', /missing libdnnl\.so\.2/);
    assert.match(choice.warning ?? '', /apt-get install libdnnl-dev/);
  });

  it('refuses an explicit onednn that cannot load instead of falling back', () => {
    assert.throws(() => chooseBackend('onednn', unavailable), /'onednn' was requested but .*libdnnl/);
  });

  it('keeps an explicit choice even when onednn is available', () => {
    assert.deepEqual(chooseBackend('cpu', { available: true }), { name: 'cpu' });
  });
});

describe('setupBackend', () => {
  it('activates the requested backend and returns its name', async () => {
    assert.equal(await setupBackend('cpu'), 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
  });

  it(
    'uses onednn by default on a machine where the addon loads',
    { skip: !isOneDnnAvailable().available },
    async () => {
      const previous = process.env.KILN_BACKEND;
      delete process.env.KILN_BACKEND;
      try {
        assert.equal(await setupBackend(), 'onednn');
      } finally {
        if (previous !== undefined) process.env.KILN_BACKEND = previous;
      }
    },
  );

  it('rejects an unknown backend with the list of known ones', async () => {
    await assert.rejects(setupBackend('gpu-please'), /backend 'gpu-please' could not be initialized \(known: .*cpu/);
  });
});
