import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

// Odd, not multiples of 8.
const full = [3, 17, 13, 7];
const size = full.reduce((a, b) => a * b);

const binaryOps = {
  Add: tf.add,
  Sub: tf.sub,
  Multiply: tf.mul,
  RealDiv: tf.div,
  Maximum: tf.maximum,
  Minimum: tf.minimum,
} as const;

// Second operand shapes: equal, per-channel (a bias), per-row, scalar.
const broadcasts = [full, [7], [3, 1, 13, 1], []];

describe('native element-wise kernels match the cpu backend', () => {
  for (const [name, op] of Object.entries(binaryOps)) {
    for (const shape of broadcasts) {
      it(`${name} of [${full}] and [${shape}], both ways round (seed ${testSeed})`, async () => {
        const a = random(size);
        // Kept away from 0 so RealDiv stays well conditioned.
        const b = random(shape.reduce((x, y) => x * y, 1)).map((v) => (v < 0 ? v - 0.5 : v + 0.5));
        const error = await relativeErrorVsCpu(() => {
          const ta = tf.tensor(a, full);
          const tb = tf.tensor(b, shape);
          return [op(ta, tb), op(tb, ta)];
        });
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }
  }

  const unaryOps = {
    Relu: tf.relu,
    Elu: tf.elu,
    Sigmoid: tf.sigmoid,
    Tanh: tf.tanh,
    Exp: tf.exp,
    Square: tf.square,
    Abs: tf.abs,
    Neg: tf.neg,
    LeakyRelu: (x: tf.Tensor) => tf.leakyRelu(x, 0.3),
    Step: (x: tf.Tensor) => tf.step(x, 0.25),
    Floor: (x: tf.Tensor) => tf.floor(tf.mul(x, 3)),
    Log: (x: tf.Tensor) => tf.log(tf.abs(x)),
    Sqrt: (x: tf.Tensor) => tf.sqrt(tf.abs(x)),
    Rsqrt: (x: tf.Tensor) => tf.rsqrt(tf.abs(x)),
  } as const;
  for (const [name, op] of Object.entries(unaryOps)) {
    it(`${name} of [${full}] (seed ${testSeed})`, async () => {
      const x = random(size);
      const error = await relativeErrorVsCpu(() => op(tf.tensor(x, full)));
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }

  it('Maximum and Minimum give NaN where either side is NaN, as Math.max does', async () => {
    const a = random(size);
    const b = random(size);
    [a[0], b[1]] = [Number.NaN, Number.NaN];
    await tf.setBackend('onednn');
    for (const op of [tf.maximum, tf.minimum]) {
      const y = op(tf.tensor(a), tf.tensor(b)).dataSync();
      assert.ok(Number.isNaN(y[0]) && Number.isNaN(y[1]) && !Number.isNaN(y[2]));
    }
  });

  it('Step keeps NaN and maps 0 to alpha', async () => {
    const x = random(size);
    x[0] = Number.NaN;
    x[1] = 0;
    await tf.setBackend('onednn');
    const y = tf.step(tf.tensor(x), 0.5).dataSync();
    assert.ok(Number.isNaN(y[0]));
    assert.equal(y[1], 0.5);
  });

  const reductions = { Sum: tf.sum, Mean: tf.mean, Max: tf.max, Min: tf.min } as const;
  const axesCases: Array<number | number[] | undefined> = [undefined, 3, [0, 1, 2], [1, 3], 0];
  for (const [name, op] of Object.entries(reductions)) {
    for (const axes of axesCases) {
      it(`${name} of [${full}] over axes ${JSON.stringify(axes)}, with and without keepDims (seed ${testSeed})`, async () => {
        const x = random(size);
        const error = await relativeErrorVsCpu(() => [
          op(tf.tensor(x, full), axes),
          op(tf.tensor(x, full), axes, true),
        ]);
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }
  }
});

describe('native Softmax matches the cpu backend', () => {
  for (const shape of [[128, 10], full, [1, 1]]) {
    it(`over the last axis of [${shape}], and its gradient (seed ${testSeed})`, async () => {
      const count = shape.reduce((a, b) => a * b, 1);
      // Scaled up so that exp would overflow without the max subtracted.
      const [x, weights] = [random(count).map((v) => v * 100), random(count)];
      const error = await relativeErrorVsCpu(() => {
        const f = (t: tf.Tensor): tf.Tensor => tf.softmax(t);
        return [
          f(tf.tensor(x, shape)),
          tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), tf.tensor(weights, shape))))(tf.tensor(x, shape)),
        ];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }
});

describe('native reductions over axes of size 1', () => {
  it('give every value as it is (a global average pooling of 1x1 maps)', async () => {
    await tf.setBackend('onednn');
    const x = tf.tensor(random(128 * 64), [128, 1, 1, 64]);
    const y = tf.mean(x, [1, 2]);
    assert.deepEqual(y.shape, [128, 64]);
    assert.deepEqual(y.dataSync(), x.dataSync());
  });
});

// The loss and the optimizers' arithmetic run on a few elements each: natively too, where tfjs'
// broadcasting loops took 0.2 ms for 1,280 elements.
describe('native element-wise kernels on tiny tensors match the cpu backend', () => {
  const cases: Array<[number[], number[]]> = [
    [[1], [1]],
    [
      [2, 3],
      [2, 1],
    ],
    [
      [128, 10],
      [128, 1],
    ],
    [[5], []],
  ];
  for (const [aShape, bShape] of cases) {
    it(`binary ops, reductions and Relu of [${aShape}] and [${bShape}] (seed ${testSeed})`, async () => {
      const count = (shape: number[]): number => shape.reduce((x, y) => x * y, 1);
      const [a, b] = [random(count(aShape)), random(count(bShape)).map((v) => (v < 0 ? v - 0.5 : v + 0.5))];
      const error = await relativeErrorVsCpu(() => {
        const [ta, tb] = [tf.tensor(a, aShape), tf.tensor(b, bShape)];
        return [
          ...Object.values(binaryOps).map((op) => op(ta, tb)),
          tf.sum(ta, -1, true),
          tf.mean(ta),
          tf.max(ta, 0),
          tf.relu(ta),
        ];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });
  }
});
