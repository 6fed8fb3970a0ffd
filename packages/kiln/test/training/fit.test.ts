import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { buildConvnet } from '../../src/models/index.js';
import { LearningRateScheduler, ReduceLROnPlateau, type EpochLogs } from '../../src/callbacks/index.js';
import { evaluate, fit, predict } from '../../src/training/index.js';
import { darkAndBrightImages, tinySpec } from './syntheticImages.js';

const images = darkAndBrightImages(64);
const tinyModel = (seed = 1) => buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed });

/** A stream that remembers what was written to it. */
function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('fit', () => {
  before(async () => {
    await setupBackend('cpu');
  });

  test('learns an easily separable problem: loss falls, history holds every epoch, verbose 2 prints Keras lines', async () => {
    const output = capture();
    const history = await fit(tinyModel(), images, {
      epochs: 4,
      batchSize: 8,
      validationSplit: 0.25,
      verbose: 2,
      seed: 1,
      stream: output.stream,
    });
    assert.deepEqual(history.epoch, [0, 1, 2, 3]);
    for (const metric of ['loss', 'acc', 'val_loss', 'val_acc'] as const)
      assert.equal(history.history[metric].length, 4, metric);
    const losses = history.history.loss;
    assert.ok(losses[3] < losses[0], `loss should fall: ${losses.join(', ')}`);
    assert.ok(history.history.val_acc[3] >= 0.9, `validation accuracy ${history.history.val_acc[3]}`);
    const lines = output.text().trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(
      lines[0],
      /^Epoch 1\/4 - \d+s - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/,
    );
    assert.match(lines[3], /^Epoch 4\/4 - /);
  });

  test('verbose 1 announces each epoch and ends it with the logs; verbose 0 prints nothing', async () => {
    const loud = capture();
    await fit(tinyModel(), images, { epochs: 2, batchSize: 32, verbose: 1, seed: 1, stream: loud.stream });
    assert.match(
      loud.text(),
      /^Epoch 1\/2\n(.*\n)*2\/2 \[={30}\] - \d+s - loss: \d\.\d{4} - acc: \d\.\d{4}\nEpoch 2\/2\n/,
    );
    const quiet = capture();
    await fit(tinyModel(), images, { epochs: 1, verbose: 0, stream: quiet.stream });
    assert.equal(quiet.text(), '');
  });

  test('leaks no tensors: the tensor count is the same after every epoch', async () => {
    const model = tinyModel();
    const counts: number[] = [];
    await fit(model, images, {
      epochs: 3,
      batchSize: 16,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });
    assert.equal(counts.length, 3);
    assert.equal(new Set(counts).size, 1, `tensor counts per epoch: ${counts.join(', ')}`);
  });

  test("onEpochEnd gets each epoch's logs and can stop training with model.stopTraining", async () => {
    const model = tinyModel();
    const seen: [number, EpochLogs][] = [];
    const history = await fit(model, images, {
      epochs: 5,
      validationSplit: 0.25,
      verbose: 0,
      callbacks: {
        onEpochEnd: (epoch, logs) => {
          seen.push([epoch, logs]);
          if (epoch === 1) model.stopTraining = true;
        },
      },
    });
    assert.deepEqual(history.epoch, [0, 1]);
    assert.deepEqual(
      seen.map(([epoch]) => epoch),
      [0, 1],
    );
    assert.equal(seen[1][1].val_acc, history.history.val_acc[1]);
  });

  test("logs each epoch's learning rate as lr when a callback sets it (an epoch schedule, ReduceLROnPlateau), else none", async () => {
    const scheduled = await fit(tinyModel(), images, {
      epochs: 3,
      batchSize: 16,
      verbose: 0,
      seed: 1,
      callbacks: [new LearningRateScheduler((epoch) => 0.1 / (epoch + 1))],
    });
    assert.deepEqual(
      scheduled.history.lr.map((rate) => Math.fround(rate)),
      [0.1, 0.05, 0.1 / 3].map(Math.fround),
    );
    // The first epoch sets the best loss; the second cannot beat it by 10, so the rate halves after it
    // (patience 1): an epoch logs the rate it trained with, the reduction shows in the next epoch's.
    const plateau = await fit(tinyModel(), images, {
      epochs: 3,
      batchSize: 16,
      verbose: 2,
      seed: 1,
      stream: capture().stream,
      callbacks: [new ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 10 })],
    });
    const first = plateau.history.lr[0]!;
    assert.deepEqual(plateau.history.lr, [first, first, first / 2]);
    const plain = await fit(tinyModel(), images, { epochs: 2, batchSize: 16, verbose: 0, seed: 1 });
    assert.deepEqual(plain.history.lr, []);
  });

  test('trains layers in training mode: batch normalization updates its moving statistics', async () => {
    const model = buildConvnet(
      { ...tinySpec, batchNormalization: true },
      { inputShape: [8, 8, 3], numClasses: 2, seed: 1 },
    );
    const movingMean = (): number[] => Array.from(model.getLayer('batch_normalization').getWeights()[2].dataSync());
    assert.deepEqual(movingMean(), [0, 0, 0, 0]);
    await fit(model, images, { epochs: 1, batchSize: 16, verbose: 0, seed: 1 });
    assert.ok(
      movingMean().every((value) => value !== 0),
      `moving mean ${movingMean().join(', ')}`,
    );
  });

  test('the same seed trains to the same weights', async () => {
    const train = async (): Promise<Float32Array> => {
      const model = tinyModel(5);
      await fit(model, images, { epochs: 2, batchSize: 8, verbose: 0, seed: 9 });
      return model.getWeights()[0].dataSync() as Float32Array;
    };
    assert.deepEqual(await train(), await train());
  });

  test('rejects a validation split that leaves no training images, and bad batch sizes', async () => {
    await assert.rejects(
      fit(tinyModel(), darkAndBrightImages(1), { validationSplit: 0.5, verbose: 0 }),
      /no training images/,
    );
    await assert.rejects(
      fit(tinyModel(), images, { batchSize: 0, verbose: 0 }),
      /batchSize must be a positive integer, got 0/,
    );
  });
});

test("fit lets timers run between batches, so a trial's heartbeat beats while it trains", async () => {
  await setupBackend('cpu');
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  let ticksAtEpochEnd = 0;
  try {
    await fit(tinyModel(), images, {
      epochs: 1,
      batchSize: 4,
      verbose: 0,
      seed: 1,
      callbacks: {
        onEpochEnd: () => {
          ticksAtEpochEnd = ticks;
        },
      },
    });
  } finally {
    clearInterval(timer);
  }
  assert.ok(ticksAtEpochEnd > 0, 'no timer ran during the epoch');
});

describe('predict and evaluate', () => {
  before(async () => {
    await setupBackend('cpu');
  });

  test('predict returns one probability row per image, batch size not changing the result', async () => {
    const model = tinyModel();
    const whole = predict(model, images, { batchSize: 64 });
    const batched = predict(model, images, { batchSize: 5 });
    assert.equal(whole.rows, 64);
    assert.equal(whole.classes, 2);
    assert.ok(whole.data.every((value, index) => Math.abs(value - batched.data[index]) < 1e-6));
    for (let row = 0; row < whole.rows; row++)
      assert.ok(Math.abs(whole.data[2 * row] + whole.data[2 * row + 1] - 1) < 1e-5);
  });

  test("evaluate agrees with tfjs' own model.evaluate on the same data", async () => {
    const model = tinyModel();
    await fit(model, images, { epochs: 2, batchSize: 16, verbose: 0, seed: 2 });
    const ours = evaluate(model, images, { batchSize: 7 });
    const x = tf.tensor4d(
      Float32Array.from(images.images, (value) => value / 255),
      [64, 8, 8, 3],
    );
    const y = tf.oneHot(tf.tensor1d(images.labels, 'int32'), 2);
    const [loss, accuracy] = (model.evaluate(x, y, { batchSize: 64 }) as tf.Scalar[]).map(
      (scalar) => scalar.dataSync()[0],
    );
    assert.ok(Math.abs(ours.loss - loss) < 1e-4, `${ours.loss} vs ${loss}`);
    assert.ok(Math.abs(ours.accuracy - accuracy) < 1e-6, `${ours.accuracy} vs ${accuracy}`);
  });
});
