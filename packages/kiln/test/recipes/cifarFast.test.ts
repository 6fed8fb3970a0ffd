import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

import { setupBackend } from '../../src/backend/select.js';
import { adaptWhitening, buildCifarFastModel, trainCifarFast } from '../../src/recipes/index.js';
import { evaluate } from '../../src/training/index.js';
import { darkAndBrightImages } from '../training/syntheticImages.js';

describe('the cifar-fast recipe', () => {
  it('builds alternating flip, translate, a patch whitening and three conv-pool-BN-GELU blocks (BN without gamma) ending in a softmax', () => {
    const model = buildCifarFastModel({ widths: [8, 16, 16], seed: 1 });
    const names = model.layers.map((layer) => layer.getClassName());
    assert.deepEqual(names.slice(0, 4), ['AlternatingFlip', 'RandomTranslation', 'PatchWhitening', 'Activation']);
    assert.equal(names.filter((n) => n === 'Conv2D').length, 6);
    assert.equal(names.filter((n) => n === 'MaxPooling2D').length, 3);
    assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
    const norms = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
    assert.ok(
      norms.every((layer) => layer.trainableWeights.map((w) => w.originalName.split('/').at(-1)).join() === 'beta'),
    );
    model.dispose();
  });

  it('without the new pieces, builds the earlier network: RandomFlip and a stem convolution, no identity filters', () => {
    const model = buildCifarFastModel({
      widths: [8, 16, 16],
      seed: 1,
      whitening: false,
      alternatingFlip: false,
      diracInit: false,
    });
    const names = model.layers.map((layer) => layer.getClassName());
    assert.deepEqual(names.slice(0, 3), ['RandomFlip', 'RandomTranslation', 'Conv2D']);
    assert.equal(names.filter((n) => n === 'Conv2D').length, 7);
    const second = model.layers.filter((layer) => layer.getClassName() === 'Conv2D')[1]!;
    // [3, 3, 4, 8]: no filter is an identity (1 at the centre of its own channel, 0 elsewhere).
    const kernel = second.getWeights()[0]!.arraySync() as number[][][][];
    assert.notEqual(kernel[1]![1]![0]![0], 1);
    model.dispose();
  });

  it('starts each convolution with identity filters and fits the whitening to the training images', async () => {
    await setupBackend('onednn');
    const model = buildCifarFastModel({ widths: [8, 16, 16], seed: 1 });
    const convolutions = model.layers.filter((layer) => layer.getClassName() === 'Conv2D');
    // The second of the first block: 8 -> 8, every filter the identity of its channel.
    const kernel = convolutions[1]!.getWeights()[0]!.arraySync() as number[][][][];
    assert.deepEqual(
      kernel[1]![1]!.map((row) => row.map((v) => Math.round(v * 1e6) / 1e6)),
      Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (i === j ? 1 : 0))),
    );
    const whitening = model.layers[2]!;
    assert.ok(tf.sum(tf.abs(whitening.getWeights()[0]!)).dataSync()[0] === 0, 'not fitted before adaptWhitening');
    adaptWhitening(model, darkAndBrightImages(64), 32);
    assert.ok(tf.sum(tf.abs(whitening.getWeights()[0]!)).dataSync()[0]! > 0);
    model.dispose();
  });

  it('learns a separable problem, testing after each epoch with Lookahead and TTA, and frees its tensors', async () => {
    await setupBackend('onednn');
    const before = tf.memory().numTensors;
    // 9 x 9: the whitening's 8 x 8 maps pool down to 1 x 1 by the third block.
    const images = darkAndBrightImages(256, 9);
    const test = darkAndBrightImages(64, 9);
    const result = await trainCifarFast(images, test, { epochs: 4, batchSize: 32, widths: [8, 8, 8], seed: 3 });
    assert.equal(result.epochs.length, 4);
    const last = result.epochs.at(-1)!;
    assert.ok(last.testAccuracy >= 0.85, `test accuracy ${last.testAccuracy}`);
    assert.ok(result.epochs.every((e, i) => i === 0 || e.trainSeconds > result.epochs[i - 1]!.trainSeconds));
    assert.ok(result.imagesPerSecond > 0 && result.parameters > 0);
    // The model it returns holds the (slow) weights it was tested with.
    const { accuracy } = evaluate(result.model, test, { testTimeAugmentation: { flip: true, translate: 1 } });
    assert.ok(Math.abs(accuracy - last.testAccuracy) < 1e-6, `${accuracy} vs ${last.testAccuracy}`);
    result.model.optimizer.dispose();
    result.model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
