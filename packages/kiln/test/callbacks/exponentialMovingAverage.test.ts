import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

import { ExponentialMovingAverage } from '../../src/callbacks/exponentialMovingAverage.js';
import { fit } from '../../src/training/index.js';
import { darkAndBrightImages } from '../training/syntheticImages.js';

/** A 2 -> 1 dense model whose kernel and bias are set to `values` ([k0, k1, bias]). */
function tinyModel(): tfl.Sequential {
  return tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
}
const setWeights = (model: tfl.LayersModel, [k0, k1, b]: number[]): void =>
  model.setWeights([tf.tensor2d([[k0!], [k1!]]), tf.tensor1d([b!])]);
const weightsOf = (model: tfl.LayersModel): number[] => model.getWeights().flatMap((w) => Array.from(w.dataSync()));
const close = (a: number[], b: number[]): void =>
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-6, `${a} vs ${b}`));

describe('ExponentialMovingAverage', () => {
  it('averages the weights as a = d a + (1 - d) w, applies the averages and restores the weights', async () => {
    await tf.setBackend('cpu');
    const model = tinyModel();
    const ema = new ExponentialMovingAverage(model, { decay: 0.9, warmup: false });
    setWeights(model, [1, 2, 3]);
    ema.update(); // starts at the weights
    setWeights(model, [11, -8, 3]);
    ema.update(); // 0.9 * [1, 2, 3] + 0.1 * [11, -8, 3]
    ema.apply();
    close(weightsOf(model), [2, 1, 3]);
    ema.restore();
    close(weightsOf(model), [11, -8, 3]);
    const inside = await ema.withAverages(() => weightsOf(model));
    close(inside, [2, 1, 3]);
    close(weightsOf(model), [11, -8, 3]);
    ema.dispose();
  });

  it('warms up with min(decay, (1 + n) / (10 + n)) and compounds the decay when updating every k steps', () => {
    const model = tinyModel();
    const ema = new ExponentialMovingAverage(model, { decay: 0.999 });
    assert.equal(ema.currentDecay(), 0.1);
    ema.update();
    assert.equal(ema.currentDecay(), 2 / 11);
    const every3 = new ExponentialMovingAverage(model, { decay: 0.9, updateEvery: 3, warmup: false });
    assert.ok(Math.abs(every3.currentDecay() - 0.729) < 1e-12);
    ema.dispose();
  });

  it('starts at the first step of fit and updates every updateEvery steps after it', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [8, 8, 3] }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
    });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const ema = new ExponentialMovingAverage(model, { decay: 0.5, updateEvery: 2, warmup: false });
    let updates = 0;
    const update = ema.update.bind(ema);
    ema.update = () => {
      updates++;
      update();
    };
    // 32 images in batches of 8: 4 steps per epoch, 8 in all: a start at the first, then an update every 2.
    await fit(model, darkAndBrightImages(32), { epochs: 2, batchSize: 8, verbose: 0, callbacks: [ema] });
    assert.equal(updates, 5);
    const trained = weightsOf(model);
    await ema.withAverages(() => assert.notDeepEqual(weightsOf(model), trained));
    assert.deepEqual(weightsOf(model), trained);
    ema.dispose();
  });

  it('refuses to apply before any update, and to update while the averages are applied', () => {
    const model = tinyModel();
    const ema = new ExponentialMovingAverage(model);
    assert.throws(() => ema.apply(), /no average yet/);
    ema.update();
    ema.apply();
    assert.throws(() => ema.update(), /restore\(\) the trained weights before updating/);
    ema.dispose();
    assert.throws(() => new ExponentialMovingAverage(model, { decay: 1 }), /decay must be in \[0, 1\), got 1/);
  });
});
