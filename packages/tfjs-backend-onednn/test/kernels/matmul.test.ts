import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const TOLERANCE = 1e-4;

interface MatMulCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

// 2-D (a Dense layer), batched, a batch of 1 broadcast on either side, every transposition.
const cases: MatMulCase[] = [
  { a: [1, 7], b: [7, 5], transposeA: false, transposeB: false },
  { a: [13, 9], b: [9, 11], transposeA: false, transposeB: false },
  { a: [9, 13], b: [9, 11], transposeA: true, transposeB: false },
  { a: [13, 9], b: [11, 9], transposeA: false, transposeB: true },
  { a: [9, 13], b: [11, 9], transposeA: true, transposeB: true },
  { a: [3, 5, 6], b: [3, 6, 4], transposeA: false, transposeB: false },
  { a: [3, 6, 5], b: [1, 4, 6], transposeA: true, transposeB: true },
  { a: [1, 5, 6], b: [4, 6, 3], transposeA: false, transposeB: false },
];

describe('matrix products the native kernel leaves to cpu', () => {
  it('an empty inner dimension gives zeros', async () => {
    await tf.setBackend('onednn');
    assert.deepEqual(Array.from(tf.matMul(tf.zeros([2, 0]), tf.ones([0, 3])).dataSync()), [0, 0, 0, 0, 0, 0]);
  });
});

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

describe('native matrix products match the cpu backend', () => {
  for (const c of cases) {
    const label = `a [${c.a}]${c.transposeA ? 'ᵀ' : ''} b [${c.b}]${c.transposeB ? 'ᵀ' : ''} (seed ${testSeed})`;

    it(`BatchMatMul and (batches permitting) its gradients: ${label}`, async () => {
      const a = random(size(c.a));
      const b = random(size(c.b));
      const error = await relativeErrorVsCpu(() => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.transposeA, c.transposeB);
        const ta = tf.tensor(a, c.a);
        const tb = tf.tensor(b, c.b);
        // tfjs' BatchMatMul gradient does not reduce over a broadcast batch (on any backend).
        if (c.a.length > 2 && c.a[0] !== c.b[0]) return f(ta, tb);
        const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(f(x, y))))([ta, tb]);
        return [f(ta, tb), da!, db!];
      });
      assert.ok(error < TOLERANCE, `relative error ${error}`);
    });

    if (c.a.length === 2) {
      it(`_FusedMatMul with bias, with and without relu: ${label}`, async () => {
        const a = random(size(c.a));
        const b = random(size(c.b));
        const n = c.transposeB ? c.b[0]! : c.b[1]!;
        const bias = random(n);
        const error = await relativeErrorVsCpu(() => {
          const args = {
            a: tf.tensor2d(a, c.a as [number, number]),
            b: tf.tensor2d(b, c.b as [number, number]),
            transposeA: c.transposeA,
            transposeB: c.transposeB,
            bias: tf.tensor1d(bias),
          };
          return [tf.fused.matMul({ ...args, activation: 'relu' }), tf.fused.matMul(args)];
        });
        assert.ok(error < TOLERANCE, `relative error ${error}`);
      });
    }
  }
});
