import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

interface PoolCase {
  input: [number, number, number, number];
  window: number;
  strides: number;
  pad: 'same' | 'valid';
}

const cases: PoolCase[] = [
  { input: [2, 8, 8, 5], window: 2, strides: 2, pad: 'valid' },
  { input: [1, 7, 9, 3], window: 2, strides: 2, pad: 'valid' },
  { input: [3, 9, 7, 6], window: 3, strides: 2, pad: 'same' },
  { input: [2, 6, 5, 17], window: 3, strides: 1, pad: 'same' },
];

const poolings = [
  { name: 'MaxPool', op: (x: tf.Tensor4D, c: PoolCase) => tf.maxPool(x, c.window, c.strides, c.pad) },
  { name: 'AvgPool', op: (x: tf.Tensor4D, c: PoolCase) => tf.avgPool(x, c.window, c.strides, c.pad) },
];

describe('native pooling matches the cpu backend', () => {
  for (const c of cases) {
    for (const { name, op } of poolings) {
      it(`${name} and its gradient: x ${c.input.join('x')}, window ${c.window}, stride ${c.strides}, ${c.pad} (seed ${testSeed})`, async () => {
        const values = random(c.input.reduce((a, b) => a * b));
        const error = await relativeErrorVsCpu(() => {
          const x = tf.tensor4d(values, c.input);
          const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.square(op(t as tf.Tensor4D, c))))(x);
          return [op(x, c), dx];
        });
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }
  }

  it("MaxPool's gradient is the same from the workspace kept with its output as from x alone", async () => {
    await tf.setBackend('onednn');
    const c = cases[2]!;
    const x = tf.tensor4d(random(c.input.reduce((a, b) => a * b)), c.input);
    const y = tf.maxPool(x, c.window, c.strides, c.pad);
    const dy = tf.tensor(random(y.size), y.shape);
    const attrs = { filterSize: c.window, strides: c.strides, pad: c.pad };
    const run = (output: tf.Tensor): Float32Array =>
      (tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output }, attrs) as tf.Tensor).dataSync() as Float32Array;
    // A copy of y has y's values but not the workspace kept with y.
    assert.deepEqual(run(y), run(tf.tensor(y.dataSync(), y.shape)));
  });

  it("MaxPool's workspace is let go with its output", async () => {
    await tf.setBackend('onednn');
    const kept = (): number =>
      (tf.backend() as unknown as { poolWorkspaces: Map<unknown, unknown> }).poolWorkspaces.size;
    const before = kept();
    const x = tf.tensor4d(random(2 * 8 * 8 * 5), [2, 8, 8, 5]);
    const y = tf.maxPool(x, 2, 2, 'valid');
    const view = tf.reshape(y, [-1]);
    assert.equal(kept(), before + 1);
    y.dispose();
    assert.equal(kept(), before + 1, 'a reshape still holds the data');
    view.dispose();
    assert.equal(kept(), before);
  });

  it("MaxPool over large (16x16) windows has the cpu backend's gradient", async () => {
    const shape: [number, number, number, number] = [2, 17, 16, 3];
    const values = random(shape.reduce((a, b) => a * b));
    const error = await relativeErrorVsCpu(() => {
      const x = tf.tensor4d(values, shape);
      return [tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.maxPool(t as tf.Tensor4D, 16, 1, 'valid'))))(x)];
    });
    assert.ok(error < TOLERANCE, `relative error ${error}`);
  });

  // After a ReLU most windows hold equal maxima (zeros): the gradient goes to the first of them only.
  for (const c of cases) {
    it(`MaxPool's gradient sends each window's dy to its first maximum among ties: x ${c.input.join('x')}, window ${c.window}, stride ${c.strides}, ${c.pad} (seed ${testSeed})`, async () => {
      const values = random(c.input.reduce((a, b) => a * b)).map((v) => Math.max(0, Math.round(v * 2)));
      const dyValues = random(c.input.reduce((a, b) => a * b));
      const error = await relativeErrorVsCpu(() => {
        const x = tf.tensor4d(values, c.input);
        const dy = tf.maxPool(x, c.window, c.strides, c.pad);
        const weights = tf.tensor(dyValues.slice(0, dy.size), dy.shape);
        return [
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.window, c.strides, c.pad), weights)))(
            x,
          ),
        ];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }
});
