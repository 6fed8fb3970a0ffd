import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

import { setupBackend } from '../../src/backend/select.js';
import { buildCifarFastModel, trainCifarFast } from '../../src/recipes/index.js';
import { evaluate } from '../../src/training/index.js';
import { darkAndBrightImages } from '../training/syntheticImages.js';

describe('the cifar-fast recipe', () => {
  it('builds flip, translate, a stem and three conv-pool-BN-GELU blocks (BN without gamma) ending in a softmax', () => {
    const model = buildCifarFastModel({ widths: [8, 16, 16], seed: 1 });
    const names = model.layers.map((layer) => layer.getClassName());
    assert.deepEqual(names.slice(0, 2), ['RandomFlip', 'RandomTranslation']);
    assert.equal(names.filter((n) => n === 'Conv2D').length, 7);
    assert.equal(names.filter((n) => n === 'MaxPooling2D').length, 3);
    assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
    const norms = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
    assert.ok(
      norms.every((layer) => layer.trainableWeights.map((w) => w.originalName.split('/').at(-1)).join() === 'beta'),
    );
    model.dispose();
  });

  it('learns a separable problem, testing after each epoch with the averaged weights and TTA, and frees its tensors', async () => {
    await setupBackend('onednn');
    const before = tf.memory().numTensors;
    const images = darkAndBrightImages(256);
    const test = darkAndBrightImages(64);
    const result = await trainCifarFast(images, test, { epochs: 4, batchSize: 32, widths: [8, 8, 8], seed: 3 });
    assert.equal(result.epochs.length, 4);
    const last = result.epochs.at(-1)!;
    assert.ok(last.testAccuracy >= 0.85, `test accuracy ${last.testAccuracy}`);
    assert.ok(result.epochs.every((e, i) => i === 0 || e.trainSeconds > result.epochs[i - 1]!.trainSeconds));
    assert.ok(result.imagesPerSecond > 0 && result.parameters > 0);
    // The model it returns holds the averaged weights it was tested with (test-time augmentation aside).
    const { accuracy } = evaluate(result.model, test, { testTimeAugmentation: { flip: true, translate: 1 } });
    assert.ok(Math.abs(accuracy - last.testAccuracy) < 1e-6, `${accuracy} vs ${last.testAccuracy}`);
    result.model.optimizer.dispose();
    result.model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
