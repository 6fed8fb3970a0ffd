import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildMlp } from '../../src/models/mlp.js';
import { buildResnet } from '../../src/models/resnet.js';
import * as layers from '../../src/models/layers/index.js';

const context = { outputs: 3, numClasses: 3, classNames: ['a', 'b', 'c'], task: 'classification' as const, seed: 1 };

describe('built-in models for any data', () => {
  before(() => tf.setBackend('cpu'));

  it('mlp: Dense, BatchNormalization, ReLU and Dropout per hidden layer, softmax or linear out', () => {
    const model = buildMlp({ ...context, inputShape: [7] }, { units: [16, 8] });
    assert.deepEqual(
      model.layers.map((layer) => layer.getClassName()),
      [
        'Dense',
        'BatchNormalization',
        'Activation',
        'Dropout',
        'Dense',
        'BatchNormalization',
        'Activation',
        'Dropout',
        'Dense',
      ],
    );
    assert.deepEqual(model.outputs[0]!.shape, [null, 3]);
    const regressor = buildMlp({ ...context, inputShape: [7], task: 'regression', outputs: 1, numClasses: 0 });
    assert.equal((regressor.layers.at(-1)!.getConfig() as { activation: string }).activation, 'linear');
    assert.throws(() => buildMlp({ ...context, inputShape: [8, 8, 3] }), /use resnet for images/);
  });

  it('resnet: a functional model whose residual blocks add, on any image size from 4x4', () => {
    for (const inputShape of [
      [4, 4, 1],
      [13, 9, 3],
    ]) {
      const model = buildResnet({ ...context, inputShape }, { filters: [4, 8] });
      assert.equal(model.layers.filter((layer) => layer.getClassName() === 'Add').length, 2);
      assert.ok(model.layers.some((layer) => layer instanceof layers.Conv2D));
      const output = model.predict(tf.ones([2, ...inputShape])) as tf.Tensor;
      assert.deepEqual(output.shape, [2, 3]);
      const sums = tf.sum(output, 1).arraySync() as number[];
      sums.forEach((sum) => assert.ok(Math.abs(sum - 1) < 1e-5));
    }
  });

  it('the same seed builds the same weights', () => {
    const weights = () =>
      buildResnet({ ...context, inputShape: [8, 8, 3] }, { filters: [4] })
        .getWeights()[0]!
        .dataSync();
    assert.deepEqual(weights(), weights());
  });
});
