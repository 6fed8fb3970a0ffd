import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { compileModel } from '../../src/models/compileModel.js';
import { fuseLayers } from '../../src/models/fuseLayers.js';
import { Activation, activation } from '../../src/models/layers/activation.js';
import { BatchNormalization, batchNormalization } from '../../src/models/layers/batchNormalization.js';
import { Conv2D, conv2d, SeparableConv2D, separableConv2d } from '../../src/models/layers/convolutional.js';
import { MaxPooling2D, maxPooling2d } from '../../src/models/layers/pooling.js';
import { maxRelativeDifference } from '../support/relativeDifference.js';

/**
 * conv -> pool (fused) -> separable conv -> pool (fused) -> conv (linear) -> pool (left alone) ->
 * BN -> relu (fused) -> BN -> tanh (left alone) -> BN -> gelu (fused) -> dense. Odd sizes, so some
 * pools drop a row.
 */
function smallModel(): tfl.Sequential {
  const seeded = (seed: number): ReturnType<typeof tfl.initializers.glorotUniform> =>
    tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      conv2d({
        inputShape: [11, 11, 2],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: seeded(1),
      }),
      maxPooling2d({ poolSize: 2 }),
      separableConv2d({
        filters: 5,
        kernelSize: 2,
        activation: 'relu',
        depthwiseInitializer: seeded(3),
        pointwiseInitializer: seeded(4),
      }),
      maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
      conv2d({ filters: 4, kernelSize: 1, useBias: false, kernelInitializer: seeded(5) }),
      maxPooling2d({ poolSize: 2 }),
      batchNormalization({}),
      activation({ activation: 'relu' }),
      batchNormalization({}),
      activation({ activation: 'tanh' }),
      batchNormalization({}),
      activation({ activation: 'gelu' }),
      tfl.layers.flatten({}),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: seeded(2) }),
    ],
  });
}

const x = tf.tensor4d(
  Float32Array.from({ length: 8 * 11 * 11 * 2 }, (_, i) => 2 * Math.sin(i * 0.37)),
  [8, 11, 11, 2],
);
const y = tf.tensor2d(
  [0, 1, 2, 0, 1, 2, 0, 1].flatMap((label) => [0, 1, 2].map((c) => (c === label ? 1 : 0))),
  [8, 3],
);

/**
 * Losses of five training steps, then the trained model's predictions. With SGD: a fused bias'
 * gradient is summed in another order (equal to ~1e-8), and RMSprop's first steps, about the
 * gradient's sign, would blow that up where a gradient is near zero.
 */
async function train(model: tfl.Sequential, fused: boolean): Promise<Float32Array[]> {
  compileModel(model, { name: 'sgd' });
  if (!fused) {
    for (const layer of model.layers) {
      if (layer instanceof BatchNormalization) layer.fusedActivation = 'linear';
      if (layer instanceof Conv2D || layer instanceof SeparableConv2D) layer.fusedMaxPooling = null;
      if (layer instanceof Activation || layer instanceof MaxPooling2D) layer.fusedIntoPrevious = false;
    }
  }
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) losses.push(((await model.trainOnBatch(x, y)) as number[])[0]!);
  const predictions = model.predict(x) as tf.Tensor;
  const result = [Float32Array.from(losses), predictions.dataSync() as Float32Array];
  predictions.dispose();
  return result;
}

describe('fuseLayers', () => {
  it('hands the ReLU or GELU after a BatchNormalization to it, and the pooling after a ReLU convolution with a bias to it, and nothing else', () => {
    const model = smallModel();
    fuseLayers(model);
    const [
      conv,
      pool,
      separable,
      samePool,
      linearConv,
      linearPool,
      firstNorm,
      relu,
      secondNorm,
      tanh,
      thirdNorm,
      gelu,
    ] = model.layers as [
      Conv2D,
      MaxPooling2D,
      SeparableConv2D,
      MaxPooling2D,
      Conv2D,
      MaxPooling2D,
      BatchNormalization,
      Activation,
      BatchNormalization,
      Activation,
      BatchNormalization,
      Activation,
    ];
    assert.deepEqual(conv.fusedMaxPooling, { poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    assert.deepEqual(separable.fusedMaxPooling, { poolSize: [2, 2], strides: [1, 1], padding: 'same' });
    assert.ok(pool.fusedIntoPrevious && samePool.fusedIntoPrevious);
    assert.equal(linearConv.fusedMaxPooling, null);
    assert.equal(linearPool.fusedIntoPrevious, false);
    assert.equal(firstNorm.fusedActivation, 'relu');
    assert.equal(relu.fusedIntoPrevious, true);
    assert.equal(secondNorm.fusedActivation, 'linear');
    assert.equal(tanh.fusedIntoPrevious, false);
    assert.equal(thirdNorm.fusedActivation, 'gelu');
    assert.equal(gelu.fusedIntoPrevious, true);
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

  it('on onednn, runs no separate ReLU or GELU, or their gradients, for the fused BatchNormalizations, and bias + ReLU only on pooled maps', async (t) => {
    if (!isOneDnnAvailable().available) return t.skip('the onednn addon did not load');
    await tf.setBackend('onednn');
    const model = smallModel();
    compileModel(model, { name: 'sgd' });
    const profile = await tf.profile(async () => {
      await model.trainOnBatch(x, y);
    });
    const names = profile.kernels.map((k) => k.name);
    // The two fused poolings' biases and ReLUs, one op each: on [8, 5, 5, 4] and [8, 4, 4, 5], not
    // on the convolutions' outputs; their gradients each one ReluBiasGrad.
    const biasRelus = profile.kernels.filter((k) => k.name === 'OneDnnBiasRelu').map((k) => k.outputShapes[0]);
    assert.deepEqual(biasRelus, [
      [8, 5, 5, 4],
      [8, 4, 4, 5],
    ]);
    const reluBiasGrads = profile.kernels.filter((k) => k.name === 'OneDnnReluBiasGrad').map((k) => k.outputShapes[0]);
    assert.deepEqual(
      reluBiasGrads.filter((shape) => biasRelus.some((s) => String(s) === String(shape))),
      [
        [8, 4, 4, 5],
        [8, 5, 5, 4],
      ],
    );
    assert.ok(!names.includes('Relu') && !names.includes('OneDnnReluGrad'), names.join(', '));
    assert.ok(!names.includes('OneDnnGelu') && !names.includes('OneDnnGeluGrad'), names.join(', '));
    assert.ok(names.includes('Tanh'), 'the tanh activation still runs');
  });

  it("keeps the saved model Keras': every layer, relu in the Activation's config", () => {
    const model = smallModel();
    fuseLayers(model);
    const json = model.toJSON(null, false) as {
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
    };
    assert.deepEqual(
      json.config.layers.slice(0, 8).map((l) => l.class_name),
      [
        'Conv2D',
        'MaxPooling2D',
        'SeparableConv2D',
        'MaxPooling2D',
        'Conv2D',
        'MaxPooling2D',
        'BatchNormalization',
        'Activation',
      ],
    );
    assert.equal(json.config.layers[7]!.config['activation'], 'relu');
    assert.ok(json.config.layers.every((l) => !('fusedActivation' in l.config) && !('fusedMaxPooling' in l.config)));
  });
});
