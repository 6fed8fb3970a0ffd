import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { fuseLayers } from '../../src/models/fuseLayers.js';
import * as layers from '../../src/models/layers/index.js';
import { withKilnLayers } from '../../src/models/withKilnLayers.js';

describe('withKilnLayers', () => {
  before(() => tf.setBackend('cpu'));

  it("rebuilds a plain tf.layers model with Kiln's layers, keeping its weights and outputs", async () => {
    const plain = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, activation: 'relu' }),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.batchNormalization(),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.flatten(),
        tfl.layers.dropout({ rate: 0.5 }),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3);
    const expected = (plain.predict(x) as tf.Tensor).arraySync();
    const rebuilt = await withKilnLayers(plain);
    assert.ok(rebuilt.layers[0] instanceof layers.Conv2D);
    assert.ok(rebuilt.layers[1] instanceof layers.MaxPooling2D);
    assert.ok(rebuilt.layers[2] instanceof layers.BatchNormalization);
    assert.ok(rebuilt.layers[5] instanceof layers.Dropout);
    assert.deepEqual((rebuilt.predict(x) as tf.Tensor).arraySync(), expected);
  });
});

describe('fuseLayers in functional models', () => {
  before(() => tf.setBackend('cpu'));

  it('fuses a BatchNormalization into the ReLU that alone reads it, but not one whose output is read twice', () => {
    const input = tfl.input({ shape: [6, 6, 2] });
    const norm1 = layers.batchNormalization();
    const relu1 = layers.activation({ activation: 'relu' });
    const a = relu1.apply(norm1.apply(input)) as tfl.SymbolicTensor;
    const norm2 = layers.batchNormalization();
    const normed = norm2.apply(a) as tfl.SymbolicTensor;
    const relu2 = layers.activation({ activation: 'relu' });
    const b = relu2.apply(normed) as tfl.SymbolicTensor;
    const sum = tfl.layers.add().apply([normed, b]) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: sum });
    const x = tf.randomNormal([3, 6, 6, 2], 0, 1, 'float32', 4);
    const before = (model.apply(x, { training: true }) as tf.Tensor).arraySync();
    fuseLayers(model);
    assert.equal(norm1.fusedActivation, 'relu');
    assert.equal(relu1.fusedIntoPrevious, true);
    assert.equal(norm2.fusedActivation, 'linear', 'its output is also added, so it must stay unrectified');
    assert.equal(relu2.fusedIntoPrevious, false);
    const after = (model.apply(x, { training: true }) as tf.Tensor).arraySync() as number[][][][];
    const flat = (v: unknown) => (v as number[][][][]).flat(3);
    flat(after).forEach((value, i) => assert.ok(Math.abs(value - flat(before)[i]!) < 1e-5));
  });
});
