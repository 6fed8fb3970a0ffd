import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

import { PatchWhitening, patchWhitening } from '../../../src/models/layers/patchWhitening.js';

/**
 * Images whose neighbouring pixels and channels are strongly correlated and whose mean is not zero,
 * as natural images: seeded noise, smeared over a pixel and its lower-right neighbour, channels mixed.
 */
function correlatedImages(n: number, size: number): tf.Tensor4D {
  return tf.tidy(() => {
    const noise = tf.randomNormal([n, size + 1, size + 1, 3], 0, 1, 'float32', 7);
    const smeared = tf.add(
      tf.slice(noise, [0, 0, 0, 0], [n, size, size, 3]),
      tf.mul(0.8, tf.slice(noise, [0, 1, 1, 0], [n, size, size, 3])),
    );
    const mixing = tf.tensor2d([
      [1, 0.6, 0.3],
      [0.2, 1, 0.5],
      [0.1, 0.4, 1],
    ]);
    const mixed = tf.reshape(tf.matMul(tf.reshape(smeared, [-1, 3]), mixing), [n, size, size, 3]);
    return tf.add(tf.mul(mixed, 0.1), 0.5) as tf.Tensor4D;
  });
}

/** The mean and covariance of the output's channels over every image and position. */
function channelStatistics(output: tf.Tensor4D): { mean: number[]; covariance: number[][] } {
  return tf.tidy(() => {
    const rows = tf.reshape(output, [-1, output.shape[3]]);
    const mean = tf.mean(rows, 0);
    const centred = tf.sub(rows, mean);
    const covariance = tf.div(tf.matMul(centred, centred, true, false), rows.shape[0]!);
    return { mean: Array.from(mean.dataSync()), covariance: covariance.arraySync() as number[][] };
  });
}

describe('PatchWhitening', () => {
  it('adapted to images, turns their 2x2x3 patches into 12 centred channels of identity covariance, and their negatives', async () => {
    await tf.setBackend('cpu');
    const images = correlatedImages(64, 8);
    const layer = patchWhitening({ epsilon: 0 });
    layer.adapt(images);
    const output = layer.apply(images) as tf.Tensor4D;
    assert.deepEqual(output.shape, [64, 7, 7, 24]);
    const { mean, covariance } = channelStatistics(tf.slice(output, [0, 0, 0, 0], [64, 7, 7, 12]));
    mean.forEach((m) => assert.ok(Math.abs(m) < 1e-3, `mean ${m}`));
    covariance.forEach((row, i) =>
      row.forEach((c, j) => assert.ok(Math.abs(c - (i === j ? 1 : 0)) < 2e-3, `covariance[${i}][${j}] = ${c}`)),
    );
    const [positive, negative] = tf.split(output, 2, 3);
    assert.ok(tf.max(tf.abs(tf.add(positive!, negative!))).dataSync()[0]! < 1e-5, 'the second half negates the first');
    // The input's own patch covariance is far from the identity: the layer did the work.
    const raw = channelStatistics(tf.reshape(images, [64, 8, 8, 3]));
    assert.ok(Math.abs(raw.covariance[0]![1]!) > 1e-3 && raw.covariance[0]![0]! < 0.1);
    tf.dispose([images, output, positive!, negative!]);
  });

  it('with epsilon, shrinks the directions of least variance more than those of most', async () => {
    await tf.setBackend('cpu');
    const images = correlatedImages(32, 8);
    const layer = patchWhitening({ epsilon: 0.1 });
    layer.adapt(images);
    const output = layer.apply(images) as tf.Tensor4D;
    const { covariance } = channelStatistics(tf.slice(output, [0, 0, 0, 0], [32, 7, 7, 12]));
    const variances = covariance.map((row, i) => row[i]!);
    // Ordered from the largest eigenvalue: var_k = λ_k / (λ_k + ε·mean λ), falling along the order.
    assert.ok(variances[0]! > 0.95 && variances[0]! < 1, `first ${variances[0]}`);
    assert.ok(variances[11]! < variances[0]! - 0.05, `last ${variances[11]}`);
    for (let k = 1; k < 12; k++) assert.ok(variances[k]! <= variances[k - 1]! + 1e-4, `variances ${variances}`);
    tf.dispose([images, output]);
  });

  it('is never trained, saves its patch size and epsilon, and takes other patch sizes', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [patchWhitening({ patchSize: 3, epsilon: 1e-3, inputShape: [6, 6, 2] })],
    });
    assert.equal(model.trainableWeights.length, 0);
    assert.equal(model.nonTrainableWeights.length, 2);
    assert.deepEqual(model.outputs[0]!.shape, [null, 4, 4, 36]);
    const restored = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as never);
    const layer = restored.layers[0]!;
    assert.ok(layer instanceof PatchWhitening);
    assert.equal(layer.patchSize, 3);
    assert.equal(layer.epsilon, 1e-3);
    model.dispose();
    restored.dispose();
  });

  it('rejects bad settings and images smaller than a patch, saying what it got', () => {
    assert.throws(() => patchWhitening({ patchSize: 0 }), /patchSize must be a positive integer, got 0/);
    assert.throws(() => patchWhitening({ epsilon: -1 }), /epsilon must be >= 0, got -1/);
    const images = tf.zeros([2, 1, 1, 3]) as tf.Tensor4D;
    assert.throws(() => patchWhitening().adapt(images), /images of 1x1 are smaller than the 2x2 patches/);
    images.dispose();
  });
});
