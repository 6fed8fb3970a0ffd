import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { buildConvnet, buildModel, getModelSpec, modelNames } from '../../src/models/index.js';

describe('model registry', () => {
  before(async () => {
    await setupBackend('cpu');
  });

  test("knows the chapter's three models and the two batch-normalized variants", () => {
    assert.deepEqual([...modelNames].sort(), [
      'regular',
      'regular-adadelta',
      'regular-bn',
      'separable',
      'separable-bn',
    ]);
  });

  test('regular-adadelta trains with Adadelta at learning rate 1.0, the others with RMSprop at 0.001', () => {
    assert.deepEqual(getModelSpec('regular-adadelta').optimizer, { name: 'adadelta', learningRate: 1.0 });
    const adadelta = buildModel('regular-adadelta').optimizer.getConfig();
    assert.equal(adadelta.learningRate, 1.0);
    const rmsprop = buildModel('separable').optimizer;
    assert.equal(rmsprop.getClassName(), 'RMSProp');
    assert.equal(rmsprop.getConfig().learningRate, 0.001);
    assert.equal(rmsprop.getConfig().decay, 0.9);
  });

  test('an unknown model name is an error that lists the known names', () => {
    assert.throws(() => buildModel('resnet'), /unknown model 'resnet': use one of separable, regular/);
  });

  test('the same seed gives the same initial weights, another seed different ones', () => {
    const weights = (seed: number): Float32Array =>
      buildModel('separable', { seed }).getWeights()[0].dataSync() as Float32Array;
    assert.deepEqual(weights(7), weights(7));
    assert.notDeepEqual(weights(7), weights(8));
  });

  test('an input too small for the convolutions is refused with the minimum size', () => {
    assert.throws(
      () => buildModel('separable', { inputShape: [28, 28, 1] }),
      /input 28x28 is too small .* at least 32x32/,
    );
  });

  test('buildConvnet builds a custom spec for other input shapes and class counts', () => {
    const model = buildConvnet(
      {
        convolution: 'regular',
        blocks: [{ filters: [4], maxPooling: true }],
        batchNormalization: true,
        head: 'flatten',
        dense: [],
        optimizer: { name: 'adam', learningRate: 0.01 },
      },
      { inputShape: [8, 8, 1], numClasses: 3 },
    );
    assert.deepEqual(model.outputs[0].shape, [null, 3]);
    const probabilities = tf.tidy(() => tf.sum(model.predict(tf.zeros([2, 8, 8, 1])) as tf.Tensor, 1).arraySync());
    assert.ok((probabilities as number[]).every((sum) => Math.abs(sum - 1) < 1e-5));
  });
});
