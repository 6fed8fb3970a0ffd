import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { isOneDnnAvailable } from 'tfjs-backend-onednn';

import { fashionMnistFiles, writeFiles } from '../../data/fixtures.js';
import { runKiln } from '../runKiln.js';

describe('kiln train cifar-fast', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-recipe-'));
    await writeFiles(join(root, 'fashion'), fashionMnistFiles(60, 20));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('trains the recipe, prints its test accuracy, writes each epoch to run.json and saves a model kiln evaluate loads', async (t) => {
    if (!isOneDnnAvailable().available) return t.skip('the recipe is sized for the onednn backend');
    const out = join(root, 'run');
    const args = ['train', 'cifar-fast', '--data', join(root, 'fashion'), '--dataset', 'fashion-mnist'];
    const result = await runKiln([...args, '--epochs', '2', '--batch-size', '30', '--seed', '1', '--out', out], {
      env: { KILN_BACKEND: 'onednn' },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Test accuracy: \d\.\d{4} \(Lookahead's slow weights, test-time augmentation\)$/m);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    assert.equal(run.recipe, 'cifar-fast');
    assert.deepEqual([run.epochs, run.batchSize, run.trainImages], [2, 30, 60]);
    assert.deepEqual(
      run.perEpoch.map((e: { epoch: number }) => e.epoch),
      [1, 2],
    );
    assert.ok(run.perEpoch.every((e: { testAccuracy: number }) => e.testAccuracy >= 0 && e.testAccuracy <= 1));
    assert.match(result.stdout, new RegExp(`^Saved to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'));
    const evaluated = await runKiln(['evaluate', out, '--data', join(root, 'fashion'), '--dataset', 'fashion-mnist'], {
      env: { KILN_BACKEND: 'onednn' },
    });
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, /^Test accuracy: \d\.\d{4}$/m);
    // A second run into the same folder replaces the saved model (a folder of another kind would be refused).
    const again = await runKiln([...args, '--epochs', '1', '--batch-size', '30', '--seed', '2', '--out', out], {
      env: { KILN_BACKEND: 'onednn' },
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).seed, 2);
  });
});
