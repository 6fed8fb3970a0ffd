import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import '../../src/index.js';
import { randomSource, testSeed } from '../helpers/backends.js';

// Every layer type of the chapter's five models, with few filters so 'cpu' trains in seconds.
// Dropout has a fixed seed, so both backends drop the same units.
const architectures: Record<string, () => tfl.layers.Layer[]> = {
  'conv, batch norm, pooling, flatten, dense, dropout': () => [
    tfl.layers.conv2d({
      inputShape: [12, 12, 3],
      filters: 6,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    }),
    tfl.layers.batchNormalization(),
    tfl.layers.conv2d({ filters: 10, kernelSize: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    tfl.layers.activation({ activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.dropout({ rate: 0.25, seed: 3 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 12, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    tfl.layers.dropout({ rate: 0.5, seed: 5 }),
    tfl.layers.dense({
      units: 10,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }),
    }),
  ],
  'separable conv, batch norm, pooling, global average pooling, dense': () => [
    tfl.layers.separableConv2d({
      inputShape: [12, 12, 3],
      filters: 8,
      kernelSize: 3,
      activation: 'relu',
      depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 7 }),
      pointwiseInitializer: tfl.initializers.glorotUniform({ seed: 8 }),
    }),
    tfl.layers.separableConv2d({
      filters: 12,
      kernelSize: 3,
      useBias: false,
      depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 9 }),
      pointwiseInitializer: tfl.initializers.glorotUniform({ seed: 10 }),
    }),
    tfl.layers.batchNormalization(),
    tfl.layers.activation({ activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.separableConv2d({
      filters: 9,
      kernelSize: 3,
      activation: 'relu',
      depthwiseInitializer: tfl.initializers.glorotUniform({ seed: 11 }),
      pointwiseInitializer: tfl.initializers.glorotUniform({ seed: 12 }),
    }),
    tfl.layers.globalAveragePooling2d({}),
    tfl.layers.dense({
      units: 16,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 13 }),
    }),
    tfl.layers.dense({
      units: 10,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 14 }),
    }),
  ],
};

const BATCHES = 10;
const BATCH_SIZE = 8;
const TOLERANCE = 1e-3;

/** The loss of each of BATCHES training steps of a fresh model on `backend`, from `initial` weights. */
async function trainingLosses(
  backend: string,
  layers: () => tfl.layers.Layer[],
  initial: Float32Array[] | undefined,
  images: Float32Array,
  labels: Float32Array,
) {
  await tf.setBackend(backend);
  const model = tfl.sequential({ layers: layers() });
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'categoricalCrossentropy' });
  if (initial !== undefined) model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i]!, w.shape)));
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const losses: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const x = tf.tensor4d(images.subarray(b * BATCH_SIZE * 432, (b + 1) * BATCH_SIZE * 432), [BATCH_SIZE, 12, 12, 3]);
    const y = tf.tensor2d(labels.subarray(b * BATCH_SIZE * 10, (b + 1) * BATCH_SIZE * 10), [BATCH_SIZE, 10]);
    losses.push((await model.trainOnBatch(x, y)) as number);
    tf.dispose([x, y]);
  }
  model.dispose();
  return { losses, weights };
}

describe('a small convnet trains the same on onednn as on cpu', () => {
  for (const [name, layers] of Object.entries(architectures)) {
    it(`${name}: ${BATCHES} batches give the same losses within ${TOLERANCE} relative (seed ${testSeed})`, async () => {
      const random = randomSource(testSeed);
      const images = random(BATCHES * BATCH_SIZE * 432);
      const labels = new Float32Array(BATCHES * BATCH_SIZE * 10);
      for (let i = 0; i < BATCHES * BATCH_SIZE; i++)
        labels[i * 10 + (Math.floor(((random(1)[0]! + 1) / 2) * 10) % 10)] = 1;

      const cpu = await trainingLosses('cpu', layers, undefined, images, labels);
      const onednn = await trainingLosses('onednn', layers, cpu.weights, images, labels);
      cpu.losses.forEach((expected, i) => {
        const actual = onednn.losses[i]!;
        assert.ok(
          Math.abs(actual - expected) <= TOLERANCE * Math.abs(expected),
          `batch ${i}: loss ${actual} on onednn, ${expected} on cpu`,
        );
      });
      // Training moved the loss: the comparison is not between two untrained constants.
      assert.notEqual(cpu.losses[0], cpu.losses[BATCHES - 1]);
    });
  }
});
