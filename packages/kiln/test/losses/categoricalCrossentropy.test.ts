import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

import { categoricalCrossentropy } from '../../src/losses/categoricalCrossentropy.js';

describe('categoricalCrossentropy with label smoothing', () => {
  it('is -sum(smoothed y * log p) per example, y smoothed to y (1 - s) + s / classes', () => {
    const yTrue = [
      [0, 1, 0],
      [1, 0, 0],
    ];
    const yPred = [
      [0.2, 0.7, 0.1],
      [0.5, 0.25, 0.25],
    ];
    const s = 0.3;
    const expected = yTrue.map((row, i) =>
      row.reduce((sum, y, k) => sum - (y * (1 - s) + s / 3) * Math.log(yPred[i]![k]!), 0),
    );
    const actual = categoricalCrossentropy({ labelSmoothing: s })(
      tf.tensor2d(yTrue),
      tf.tensor2d(yPred),
    ).arraySync() as number[];
    actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${actual} vs ${expected}`));
    const unsmoothed = categoricalCrossentropy()(tf.tensor2d(yTrue), tf.tensor2d(yPred)).arraySync() as number[];
    assert.ok(Math.abs(unsmoothed[0]! + Math.log(0.7)) < 1e-6);
  });

  it('trains a model through compile, which reports categorical accuracy with it', async () => {
    await tf.setBackend('cpu');
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, activation: 'softmax', inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: categoricalCrossentropy({ labelSmoothing: 0.1 }), metrics: ['accuracy'] });
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 0.1],
      [0.1, 1],
    ]);
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    const history = await model.fit(x, y, { epochs: 3, verbose: 0 });
    assert.equal(history.history['loss']!.length, 3);
    assert.ok((history.history['loss']![2] as number) < (history.history['loss']![0] as number));
    assert.ok('acc' in history.history || 'accuracy' in history.history);
  });

  it('rejects a smoothing outside [0, 1)', () => {
    assert.throws(() => categoricalCrossentropy({ labelSmoothing: 1 }), /labelSmoothing must be in \[0, 1\), got 1/);
  });
});
