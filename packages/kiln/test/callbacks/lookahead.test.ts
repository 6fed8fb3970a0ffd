import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

import { CallbackList } from '../../src/callbacks/index.js';
import { Lookahead } from '../../src/callbacks/lookahead.js';
import { fit } from '../../src/training/index.js';
import { darkAndBrightImages } from '../training/syntheticImages.js';

/** A 1 -> 1 dense model: kernel and bias. */
const tinyModel = (): tfl.Sequential => tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1] })] });
const setWeights = (model: tfl.LayersModel, [k, b]: number[]): void =>
  model.setWeights([tf.tensor2d([[k!]]), tf.tensor1d([b!])]);
const weightsOf = (model: tfl.LayersModel): number[] => model.getWeights().flatMap((w) => Array.from(w.dataSync()));
const close = (a: number[], b: number[]): void =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-5, `${a} vs ${b}`));

/**
 * Drives the callback through `steps` training steps in one epoch, where each "step" adds `delta`
 * to every weight (a stand-in optimizer); returns the weights after each step's callbacks.
 */
async function run(model: tfl.LayersModel, lookahead: Lookahead, steps: number, delta: number): Promise<number[][]> {
  const progress = { epoch: 0, batch: 0, lossSum: 0, correctSum: 0, seed: 1 };
  const list = new CallbackList(
    [lookahead],
    model,
    { epochs: 1, steps, batchSize: 1, samples: steps, verbose: 0 },
    progress,
  );
  await list.onTrainBegin();
  await list.onEpochBegin(0);
  const after: number[][] = [];
  for (let batch = 0; batch < steps; batch++) {
    await list.onBatchBegin(batch);
    setWeights(
      model,
      weightsOf(model).map((w) => w + delta),
    );
    progress.batch++;
    await list.onBatchEnd(batch, { loss: 1, acc: 0 });
    after.push(weightsOf(model));
  }
  await list.onEpochEnd(0, { loss: 1, acc: 0 });
  await list.onTrainEnd({ loss: 1, acc: 0 });
  return after;
}

describe('Lookahead', () => {
  it('every syncPeriod steps moves the slow weights by α (fast - slow) and trains on from them', async () => {
    await tf.setBackend('cpu');
    const model = tinyModel();
    setWeights(model, [1, -1]);
    // Each step adds 1. Slow starts at [1, -1]; after 2 steps fast = [3, 1], slow = [1, -1] + 0.25 [2, 2].
    const after = await run(model, new Lookahead(model, { syncPeriod: 2, slowStepSize: 0.25 }), 5, 1);
    close(after[0]!, [2, 0]); // no sync yet
    close(after[1]!, [1.5, -0.5]); // synced: fast = slow
    close(after[2]!, [2.5, 0.5]);
    close(after[3]!, [2, 0]); // slow [1.5, -0.5] + 0.25 ([3.5, 1.5] - [1.5, -0.5])
    // The last step of fit is no sync step: the model is left with the slow weights.
    close(after[4]!, [2, 0]);
    model.dispose();
  });

  it("takes α as a function of the fraction of training done, as airbench94's cubic schedule", async () => {
    await tf.setBackend('cpu');
    const model = tinyModel();
    setWeights(model, [0, 0]);
    const fractions: number[] = [];
    const slowStepSize = (fraction: number): number => {
      fractions.push(fraction);
      return 1 - 0.95 ** 5 * fraction ** 3;
    };
    const after = await run(model, new Lookahead(model, { syncPeriod: 2, slowStepSize }), 4, 1);
    assert.deepEqual(fractions, [0.5, 1]);
    const alpha1 = 1 - 0.95 ** 5 * 0.125;
    const slow1 = 2 * alpha1;
    close(after[1]!, [slow1, slow1]);
    const alpha2 = 1 - 0.95 ** 5;
    const slow2 = slow1 + alpha2 * (slow1 + 2 - slow1);
    close(after[3]!, [slow2, slow2]);
    model.dispose();
  });

  it('runs in fit, leaving the model with the last slow weights', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [8, 8, 3] }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
    });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const before = weightsOf(model);
    // α = 0: the slow weights never move, so after fit the model is back at its initial weights.
    await fit(model, darkAndBrightImages(32), {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      callbacks: [new Lookahead(model, { syncPeriod: 3, slowStepSize: 0 })],
    });
    close(weightsOf(model), before);
    // α = 1 is plain training.
    await fit(model, darkAndBrightImages(32), {
      epochs: 1,
      batchSize: 8,
      verbose: 0,
      callbacks: [new Lookahead(model, { syncPeriod: 2, slowStepSize: 1 })],
    });
    assert.notDeepEqual(weightsOf(model), before);
    model.dispose();
  });

  it('rejects bad settings, saying what it got', () => {
    const model = tinyModel();
    assert.throws(() => new Lookahead(model, { syncPeriod: 0 }), /syncPeriod must be a positive integer, got 0/);
    assert.throws(() => new Lookahead(model, { slowStepSize: 1.5 }), /slowStepSize must be in \[0, 1\], got 1.5/);
    model.dispose();
  });
});
