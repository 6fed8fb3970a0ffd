import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { Conv2D, conv2d, SeparableConv2D, separableConv2d } from '../../../src/models/layers/convolutional.js';
import type { ConvLayerArgs, SeparableConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import { maxRelativeDifference } from '../../support/relativeDifference.js';

const inputShape = [3, 9, 9, 4];
const values = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));

/** A Kiln layer and tfjs-layers' made from the same arguments, each call a fresh one. */
interface LayerPair {
  name: string;
  kiln: () => tfl.layers.Layer;
  tfjs: () => tfl.layers.Layer;
}
const conv2dPair = (name: string, args: ConvLayerArgs): LayerPair => ({
  name,
  kiln: () => conv2d({ ...args }),
  tfjs: () => tfl.layers.conv2d({ ...args }),
});
const separableConv2dPair = (name: string, args: SeparableConvLayerArgs): LayerPair => ({
  name,
  kiln: () => separableConv2d({ ...args }),
  tfjs: () => tfl.layers.separableConv2d({ ...args }),
});
const cases: LayerPair[] = [
  conv2dPair('Conv2D, relu, valid', { filters: 5, kernelSize: 3, activation: 'relu' }),
  conv2dPair('Conv2D, no activation, same, stride 2', { filters: 5, kernelSize: 3, padding: 'same', strides: 2 }),
  separableConv2dPair('SeparableConv2D, relu, valid', { filters: 6, kernelSize: 3, activation: 'relu' }),
];

/** A training-mode pass: [output, d(sum(output * w)) / d input, / d each trainable weight]. */
function trainingPass(layer: tfl.layers.Layer): Float32Array[] {
  layer.build(inputShape);
  layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(values(w.size, i + 1), w.shape)));
  const x = tf.tensor(
    values(
      inputShape.reduce((a, b) => a * b),
      9,
    ),
    inputShape,
  );
  return tf.tidy(() => {
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    const w = tf.tensor(values(y.size, 11), y.shape);
    const f = (input: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w));
    const dx = tf.grad(f)(x);
    const { grads } = tf.variableGrads(
      () => f(x),
      layer.trainableWeights.map((v) => v.read() as tf.Variable),
    );
    return [y, dx, ...Object.values(grads)].map((t) => t.dataSync() as Float32Array);
  });
}

describe("Kiln's Conv2D and SeparableConv2D", () => {
  for (const { name, kiln, tfjs } of cases) {
    it(`${name}: trains as tfjs-layers' does, on cpu and onednn`, async () => {
      await tf.setBackend('cpu');
      const reference = trainingPass(tfjs());
      assert.ok(maxRelativeDifference(reference, trainingPass(kiln())) < 1e-6);
      if (!isOneDnnAvailable().available) return;
      await tf.setBackend('onednn');
      const difference = maxRelativeDifference(reference, trainingPass(kiln()));
      assert.ok(difference < 1e-4, `relative difference ${difference}`);
    });
  }

  it('runs the convolution, its bias and its ReLU as one kernel on onednn in training', async (t) => {
    if (!isOneDnnAvailable().available) return t.skip('the onednn addon is not built');
    await tf.setBackend('onednn');
    const layer = conv2d({ filters: 4, kernelSize: 3, activation: 'relu' });
    const x = tf.ones(inputShape);
    layer.apply(x);
    const profile = await tf.profile(() => layer.apply(x, { training: true }) as tf.Tensor);
    assert.deepEqual(
      profile.kernels.map((k) => k.name),
      ['FusedConv2D'],
    );
  });

  it("are saved as Keras' layers and load back as Kiln's", async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [
        conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, activation: 'relu' }),
        separableConv2d({ filters: 2, kernelSize: 3, activation: 'relu' }),
      ],
    });
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
    assert.deepEqual(
      json.config.layers.map((l) => l.class_name),
      ['Conv2D', 'SeparableConv2D'],
    );
    const loaded = await tfl.models.modelFromJSON({ modelTopology: json });
    assert.ok(loaded.layers[0] instanceof Conv2D && loaded.layers[1] instanceof SeparableConv2D);
  });
});
