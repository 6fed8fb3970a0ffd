import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { createOptimizer } from '../../src/optimizers/createOptimizer.js';
import { StepDecay } from '../../src/optimizers/schedules/index.js';
import { AdamWOptimizer } from '../../src/optimizers/adamW.js';
import { assertStateRoundTrips } from '../support/optimizerState.js';

/** Keras 3's AdamW on one scalar, in float64. */
function byFormula(w0: number, gradients: number[], lr: number, wd: number): number {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  let [w, m, v] = [w0, 0, 0];
  gradients.forEach((g, step) => {
    const t = step + 1;
    w -= lr * wd * w;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    w -= ((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (m / (Math.sqrt(v) + eps));
  });
  return w;
}

describe('AdamWOptimizer', () => {
  it('matches the formulas, by hand for one step and in float64 for several', () => {
    const weight = tf.variable(tf.scalar(2));
    const optimizer = new AdamWOptimizer({ learningRate: 0.1, weightDecay: 0.5 });
    optimizer.applyGradients({ [weight.name]: tf.scalar(4) });
    // One step: w = 2 (1 - 0.05) = 1.9; m = 0.4, v = 0.016; lr_t = 0.1 sqrt(0.001) / 0.1;
    // m / sqrt(v) = 0.4 / sqrt(0.016) = sqrt(10): w = 1.9 - sqrt(0.001) sqrt(10) = 1.9 - 0.1 = 1.8.
    assert.ok(Math.abs(weight.dataSync()[0]! - 1.8) < 1e-5, `${weight.dataSync()[0]}`);
    for (const g of [-1, 0.5, 3]) optimizer.applyGradients({ [weight.name]: tf.scalar(g) });
    const expected = byFormula(2, [4, -1, 0.5, 3], 0.1, 0.5);
    assert.ok(Math.abs(weight.dataSync()[0]! - expected) < 1e-5, `${weight.dataSync()[0]} vs ${expected}`);
    optimizer.dispose();
    weight.dispose();
  });

  it('follows a learning-rate schedule and decays with the scheduled rate', () => {
    const weight = tf.variable(tf.scalar(1));
    const optimizer = createOptimizer(
      { name: 'adamw', weightDecay: 1 },
      new StepDecay({ initialLearningRate: 1e-30, stepSize: 1, gamma: 1e29 }),
    );
    optimizer.applyGradients({ [weight.name]: tf.scalar(1) });
    assert.ok(Math.abs(weight.dataSync()[0]! - 1) < 1e-12, 'rate 1e-30 at step 0: no visible move or decay');
    optimizer.applyGradients({ [weight.name]: tf.scalar(1) });
    // Step 1 at rate 0.1: decay by 1 - 0.1 * 1, then about one rate's worth of Adam step.
    assert.ok(Math.abs(weight.dataSync()[0]! - (0.9 - 0.1)) < 1e-3, `${weight.dataSync()[0]}`);
    optimizer.dispose();
    weight.dispose();
  });

  it('keeps its moments through getWeights/setWeights', async () => {
    assert.deepEqual(await assertStateRoundTrips(() => new AdamWOptimizer()), ['iter', 'm', 'v']);
  });

  it("is createOptimizer's 'adamw', with Keras' default weight decay 0.004", () => {
    const optimizer = createOptimizer({ name: 'adamw' });
    assert.ok(optimizer instanceof AdamWOptimizer);
    assert.equal(optimizer.getConfig()['weightDecay'], 0.004);
    optimizer.dispose();
  });
});
