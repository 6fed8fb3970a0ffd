import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { setPrecision, supportsBfloat16, type Precision } from '../../src/index.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const STEPS = 40;
const BATCH_SIZE = 32;
const IMAGE = [8, 8, 3] as const;
const PIXELS = IMAGE[0] * IMAGE[1] * IMAGE[2];
/**
 * Relative. bfloat16 rounds every convolution's and product's inputs by up to 2^-8 relative, each
 * step; the float32 master weights take the updates whole, so training follows float32's path to
 * within a few percent of its loss.
 */
const LOSS_TOLERANCE = 0.05;

function model(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [...IMAGE],
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.conv2d({
        filters: 16,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({
        units: 4,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      }),
    ],
  });
}

/** The loss of the last few steps of STEPS training steps in `precision`. */
async function finalLoss(
  precision: Precision,
  images: Float32Array,
  labels: Float32Array,
): Promise<{ first: number; last: number }> {
  await tf.setBackend('onednn');
  setPrecision(precision);
  const m = model();
  m.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const b = step % (images.length / PIXELS / BATCH_SIZE);
    const x = tf.tensor4d(images.subarray(b * BATCH_SIZE * PIXELS, (b + 1) * BATCH_SIZE * PIXELS), [
      BATCH_SIZE,
      ...IMAGE,
    ]);
    const y = tf.tensor2d(labels.subarray(b * BATCH_SIZE * 4, (b + 1) * BATCH_SIZE * 4), [BATCH_SIZE, 4]);
    losses.push((await m.trainOnBatch(x, y)) as number);
    tf.dispose([x, y]);
  }
  m.dispose();
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  return { first: losses[0]!, last: mean(losses.slice(-5)) };
}

describe('training in bfloat16', { skip: !supportsBfloat16() && 'no native bfloat16 on this CPU' }, () => {
  after(() => setPrecision('float32'));

  it(`a small convnet learns to a loss within ${LOSS_TOLERANCE * 100}% of float32's (seed ${testSeed})`, async () => {
    // Four classes, each an image's brightest quadrant, a fresh batch each step: learnable in a few dozen steps, not by heart.
    const random = randomSource(testSeed);
    const batches = STEPS;
    const images = random(batches * BATCH_SIZE * PIXELS);
    const labels = new Float32Array(batches * BATCH_SIZE * 4);
    for (let i = 0; i < batches * BATCH_SIZE; i++) {
      const quadrant = Math.floor(((random(1)[0]! + 1) / 2) * 4) % 4;
      labels[i * 4 + quadrant] = 1;
      for (let r = 0; r < IMAGE[0] / 2; r++)
        for (let c = 0; c < IMAGE[1] / 2; c++)
          for (let ch = 0; ch < IMAGE[2]; ch++) {
            const row = r + (quadrant >> 1) * (IMAGE[0] / 2);
            const col = c + (quadrant & 1) * (IMAGE[1] / 2);
            images[i * PIXELS + (row * IMAGE[1] + col) * IMAGE[2] + ch]! += 0.15;
          }
    }
    const float32 = await finalLoss('float32', images, labels);
    const bfloat16 = await finalLoss('bfloat16', images, labels);
    // Both learned: the comparison is not between two untrained models.
    assert.ok(float32.last < 0.7 * float32.first, `float32 loss ${float32.first} -> ${float32.last}`);
    assert.ok(bfloat16.last < 0.7 * bfloat16.first, `bfloat16 loss ${bfloat16.first} -> ${bfloat16.last}`);
    assert.ok(
      Math.abs(bfloat16.last - float32.last) <= LOSS_TOLERANCE * float32.last,
      `final loss ${bfloat16.last} in bfloat16, ${float32.last} in float32`,
    );
  });
});
