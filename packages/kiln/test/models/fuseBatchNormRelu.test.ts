import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { compileModel } from '../../src/models/compileModel.js';
import { fuseBatchNormRelu } from '../../src/models/fuseBatchNormRelu.js';
import { Activation, activation } from '../../src/models/layers/activation.js';
import { BatchNormalization, batchNormalization } from '../../src/models/layers/batchNormalization.js';
import { maxRelativeDifference } from '../support/relativeDifference.js';

/** conv -> BN -> relu -> BN -> tanh -> dense: one pair to fuse, one to leave alone. */
function smallModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, useBias: false, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      batchNormalization({}),
      activation({ activation: 'relu' }),
      batchNormalization({}),
      activation({ activation: 'tanh' }),
      tfl.layers.flatten({}),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

const x = tf.tensor4d(Float32Array.from({ length: 8 * 6 * 6 * 2 }, (_, i) => 2 * Math.sin(i * 0.37)), [8, 6, 6, 2]);
const y = tf.tensor2d([0, 1, 2, 0, 1, 2, 0, 1].flatMap((label) => [0, 1, 2].map((c) => (c === label ? 1 : 0))), [8, 3]);

/** Losses of five training steps, then the trained model's predictions. */
async function train(model: tfl.Sequential, fused: boolean): Promise<Float32Array[]> {
  compileModel(model, { name: 'rmsprop' });
  if (!fused) {
    for (const layer of model.layers) {
      if (layer instanceof BatchNormalization) layer.fusedActivation = 'linear';
      if (layer instanceof Activation) layer.fusedIntoPrevious = false;
    }
  }
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) losses.push(((await model.trainOnBatch(x, y)) as number[])[0]!);
  const predictions = model.predict(x) as tf.Tensor;
  const result = [Float32Array.from(losses), predictions.dataSync() as Float32Array];
  predictions.dispose();
  return result;
}

describe('fuseBatchNormRelu', () => {
  it('hands the ReLU after a BatchNormalization to it, and no other activation', () => {
    const model = smallModel();
    fuseBatchNormRelu(model);
    const [, firstNorm, relu, secondNorm, tanh] = model.layers as [tfl.layers.Layer, BatchNormalization, Activation, BatchNormalization, Activation];
    assert.equal(firstNorm.fusedActivation, 'relu');
    assert.equal(relu.fusedIntoPrevious, true);
    assert.equal(secondNorm.fusedActivation, 'linear');
    assert.equal(tanh.fusedIntoPrevious, false);
  });

  for (const backend of ['cpu', 'onednn']) {
    it(`trains and predicts as the unfused model does, on ${backend}`, async (t) => {
      if (backend === 'onednn' && !isOneDnnAvailable().available) return t.skip('the onednn addon did not load');
      await tf.setBackend(backend);
      const unfused = await train(smallModel(), false);
      const fused = await train(smallModel(), true);
      const difference = maxRelativeDifference(unfused, fused);
      assert.ok(difference < 1e-5, `relative difference ${difference}`);
    });
  }

  it('on onednn, runs no separate Relu or ReLU gradient for the fused pair', async (t) => {
    if (!isOneDnnAvailable().available) return t.skip('the onednn addon did not load');
    await tf.setBackend('onednn');
    const model = smallModel();
    compileModel(model, { name: 'rmsprop' });
    const profile = await tf.profile(async () => { await model.trainOnBatch(x, y); });
    const names = profile.kernels.map((k) => k.name);
    assert.ok(!names.includes('Relu') && !names.includes('OneDnnReluGrad'), names.join(', '));
    assert.ok(names.includes('Tanh'), 'the tanh activation still runs');
  });

  it("keeps the saved model Keras': both layers, relu in the Activation's config", () => {
    const model = smallModel();
    fuseBatchNormRelu(model);
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    assert.deepEqual(json.config.layers.slice(1, 3).map((l) => l.class_name), ['BatchNormalization', 'Activation']);
    assert.equal(json.config.layers[2]!.config['activation'], 'relu');
    assert.ok(!('fusedActivation' in json.config.layers[1]!.config));
  });
});
