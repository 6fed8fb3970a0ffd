import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { BatchNormalization, batchNormalization } from '../../../src/models/layers/batchNormalization.js';
import { maxRelativeDifference } from '../../support/relativeDifference.js';

const shape = [6, 5, 5, 8];
const values = (n: number, seed: number): Float32Array =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 2 + 1);
const size = shape.reduce((a, b) => a * b);
const weights = (): tf.Tensor[] =>
  [values(8, 1), values(8, 2), values(8, 3), values(8, 4).map(Math.abs)].map((v) => tf.tensor1d(v));

/**
 * Three training-mode passes of `layer` on the same batch: [output, d(sum(output * w))/d input,
 * the same of gamma and beta, moving mean, moving variance after the three].
 */
function trainingPass(layer: tfl.layers.Layer, standIn: { scale?: boolean; center?: boolean } = {}): Float32Array[] {
  layer.build(shape);
  // Without gamma (scale: false) or beta (center: false) the layer has fewer weights; a layer
  // standing in for such a one has them at 1 and 0.
  const { scale, center } = layer.getConfig() as { scale: boolean; center: boolean };
  const [gamma, beta, ...movingStatistics] = weights();
  layer.setWeights([
    ...(!scale ? [] : standIn.scale === false ? [tf.onesLike(gamma!)] : [gamma!]),
    ...(!center ? [] : standIn.center === false ? [tf.zerosLike(beta!)] : [beta!]),
    ...movingStatistics,
  ]);
  const x = tf.tensor(values(size, 5), shape);
  const w = tf.tensor(values(size, 6), shape);
  const outputs = tf.tidy(() => {
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    // Gradients through the layer as the optimizer sees them: of its input and its trainable weights.
    const trainable = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const loss = (): tf.Scalar => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w));
    let grads: tf.NamedTensorMap = {};
    if (trainable.length > 0) grads = tf.variableGrads(loss, trainable).grads;
    else loss(); // Without trainable weights, the same pass, for the moving statistics.
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w)))(x);
    return [y, dx, ...Object.values(grads)];
  });
  const moving = layer.getWeights().slice(layer.trainableWeights.length);
  const result = [...outputs, ...moving].map((t) => t.dataSync() as Float32Array);
  tf.dispose([x, w, ...outputs]);
  return result;
}

describe("Kiln's BatchNormalization", () => {
  it("trains as tfjs-layers' does: same output, gradients and moving statistics, on cpu and on onednn", async () => {
    await tf.setBackend('cpu');
    const reference = trainingPass(tfl.layers.batchNormalization({}));
    const onCpu = trainingPass(batchNormalization({}));
    assert.ok(maxRelativeDifference(reference, onCpu) < 1e-6);
    if (!isOneDnnAvailable().available) return;
    await tf.setBackend('onednn');
    const profile = await tf.profile(() => {
      trainingPass(batchNormalization({}));
    });
    assert.ok(
      profile.kernels.some((k) => k.name === 'OneDnnBatchNormTraining'),
      'the one-op path ran',
    );
    const onOneDnn = trainingPass(batchNormalization({}));
    const difference = maxRelativeDifference(reference, onOneDnn);
    assert.ok(difference < 1e-4, `relative difference ${difference}`);
  });

  it("without gamma (scale: false, the speed-run recipes') or beta trains as with gamma 1 and beta 0, on onednn as one op", async () => {
    for (const args of [{ scale: false }, { center: false }, { scale: false, center: false }]) {
      await tf.setBackend('cpu');
      // tfjs-layers' own layer cannot train without them: the reference is the full layer with gamma 1 and beta 0.
      const [y, dx, dGamma, dBeta, mean, variance] = trainingPass(tfl.layers.batchNormalization({}), args);
      const reference = [
        y!,
        dx!,
        ...((args.scale ?? true) ? [dGamma!] : []),
        ...((args.center ?? true) ? [dBeta!] : []),
        mean!,
        variance!,
      ];
      const onCpu = trainingPass(batchNormalization(args));
      assert.ok(maxRelativeDifference(reference, onCpu) < 1e-6, `${JSON.stringify(args)} on cpu`);
      if (!isOneDnnAvailable().available) continue;
      await tf.setBackend('onednn');
      const profile = await tf.profile(() => {
        trainingPass(batchNormalization(args));
      });
      assert.ok(
        profile.kernels.some((k) => k.name === 'OneDnnBatchNormTraining'),
        `the one-op path ran for ${JSON.stringify(args)}`,
      );
      const difference = maxRelativeDifference(reference, trainingPass(batchNormalization(args)));
      assert.ok(difference < 1e-4, `${JSON.stringify(args)}: relative difference ${difference}`);
    }
  });

  it("is saved as Keras' BatchNormalization and loads back as Kiln's", async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({ layers: [batchNormalization({ inputShape: [4], momentum: 0.9 })] });
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
    assert.equal(json.config.layers[0]!.class_name, 'BatchNormalization');
    const loaded = await tfl.models.modelFromJSON({ modelTopology: json });
    assert.ok(loaded.layers[0] instanceof BatchNormalization);
    assert.equal((loaded.layers[0]!.getConfig() as { momentum: number }).momentum, 0.9);
  });
});
