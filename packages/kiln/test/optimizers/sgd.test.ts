import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { createOptimizer } from '../../src/optimizers/createOptimizer.js';
import { StepDecay } from '../../src/optimizers/schedules/index.js';
import { SgdOptimizer, type SgdOptions } from '../../src/optimizers/sgd.js';
import { assertStateRoundTrips } from '../support/optimizerState.js';

/** The weight `name` (initially w0) after SGD steps with these gradients. */
function run(options: SgdOptions, w0: number[], gradients: number[][], name = 'kernel'): number[] {
  const weight = tf.variable(tf.tensor1d(w0), true, `${name}_${Math.random()}`);
  const optimizer = new SgdOptimizer(options);
  for (const g of gradients) optimizer.applyGradients({ [weight.name]: tf.tensor1d(g) });
  const result = Array.from(weight.dataSync());
  optimizer.dispose();
  weight.dispose();
  return result;
}

const close = (actual: number[], expected: number[]): void =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${actual} vs ${expected}`));

describe('SgdOptimizer', () => {
  it('takes Nesterov steps with decoupled weight decay as the formulas give, by hand', () => {
    // lr 0.1, mu 0.9, wd 0.5, w0 2, g 1 then 3:
    // step 1: w = 2 (1 - 0.1 * 0.5) = 1.9; m = -0.1; w += 0.9 m - 0.1 = 1.9 - 0.19 = 1.71
    // step 2: w = 1.71 * 0.95 = 1.6245; m = 0.9 (-0.1) - 0.3 = -0.39; w += 0.9 (-0.39) - 0.3 = 1.6245 - 0.651 = 0.9735
    close(run({ learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.5 }, [2], [[1], [3]]), [0.9735]);
  });

  it("takes the same steps with onednn's one-pass update as with tfjs' kernels on cpu", async () => {
    const previous = tf.getBackend();
    const w0 = Array.from({ length: 50_000 }, (_, i) => Math.sin(i));
    const gradients = [1, 2, 3].map((k) => w0.map((_, i) => Math.cos(i * k)));
    for (const options of [
      { learningRate: 0.2, momentum: 0.85, nesterov: true, weightDecay: 5e-3 },
      { learningRate: 0.2, momentum: 0.9, weightDecay: 0.1, learningRateMultipliers: { beta: 4 } },
    ]) {
      for (const name of ['conv2d/kernel', 'batch_normalization/beta']) {
        await tf.setBackend('onednn');
        const native = run(options, w0, gradients, name);
        await tf.setBackend('cpu');
        const composed = run(options, w0, gradients, name);
        native.forEach((v, i) => assert.ok(Math.abs(v - composed[i]!) < 1e-6, `${name} ${i}: ${v} vs ${composed[i]}`));
      }
    }
    await tf.setBackend(previous);
  });

  it('takes classic momentum steps without Nesterov, and plain steps without momentum', () => {
    // m = -0.1, w = 1.9; m = -0.09 - 0.3 = -0.39, w = 1.51
    close(run({ learningRate: 0.1, momentum: 0.9 }, [2], [[1], [3]]), [1.51]);
    close(run({ learningRate: 0.1 }, [2, 0], [[1, -1]]), [1.9, 0.1]);
  });

  it('follows a learning-rate schedule given to createOptimizer, one rate per step from step 0', () => {
    const weight = tf.variable(tf.tensor1d([1]));
    const optimizer = createOptimizer(
      { name: 'sgd' },
      new StepDecay({ initialLearningRate: 0.1, stepSize: 1, gamma: 0.1 }),
    );
    for (let step = 0; step < 2; step++) optimizer.applyGradients({ [weight.name]: tf.tensor1d([1]) });
    close(Array.from(weight.dataSync()), [1 - 0.1 - 0.01]);
    optimizer.dispose();
    weight.dispose();
  });

  it('leaves excluded variables undecayed', () => {
    close(run({ learningRate: 0.1, weightDecay: 1, excludeFromWeightDecay: ['bias'] }, [2], [[0]], 'dense/bias'), [2]);
    close(
      run({ learningRate: 0.1, weightDecay: 1, excludeFromWeightDecay: ['bias'] }, [2], [[0]], 'dense/kernel'),
      [1.8],
    );
  });

  it('steps the variables named in learningRateMultipliers at the multiplied rate, decaying them at the plain one', () => {
    const options = { learningRate: 0.1, weightDecay: 1, learningRateMultipliers: { beta: 4 } };
    // w = 2 (1 - 0.1 * 1) = 1.8, then - 0.4 * 1 (beta) or - 0.1 * 1 (kernel)
    close(run(options, [2], [[1]], 'batch_normalization/beta'), [1.4]);
    close(run(options, [2], [[1]], 'conv2d/kernel'), [1.7]);
    assert.throws(
      () => new SgdOptimizer({ learningRateMultipliers: { beta: 0 } }),
      /learningRateMultipliers\['beta'\] must be a positive number, got 0/,
    );
  });

  it('keeps its momentum through getWeights/setWeights, leaking no tensors', async () => {
    assert.deepEqual(await assertStateRoundTrips(() => new SgdOptimizer({ momentum: 0.9, nesterov: true })), [
      'iter',
      'momentum',
    ]);
  });

  it('rejects bad momentum, weight decay and learning rates, saying what it got', () => {
    assert.throws(() => new SgdOptimizer({ momentum: 1 }), /momentum must be in \[0, 1\), got 1/);
    assert.throws(() => new SgdOptimizer({ weightDecay: -1 }), /weightDecay must be a finite number >= 0, got -1/);
    assert.throws(
      () => new SgdOptimizer({ learningRate: Number.NaN }),
      /learningRate must be a finite number >= 0, got NaN/,
    );
  });

  it("is what createOptimizer({ name: 'sgd' }) builds", () => {
    const optimizer = createOptimizer({
      name: 'sgd',
      learningRate: 0.2,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 5e-4,
    });
    assert.ok(optimizer instanceof SgdOptimizer);
    assert.deepEqual(optimizer.getConfig(), {
      learningRate: 0.2,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 5e-4,
      excludeFromWeightDecay: ['bias', 'gamma', 'beta'],
    });
  });
});
