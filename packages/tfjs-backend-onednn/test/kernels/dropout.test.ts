import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME, dropout, hasDropout } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { randomSource, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);
const n = 200_000;
const rate = 0.25;

/** Which elements dropout(x, rate, seed) kept, checking each is exactly x / (1 - rate) or 0. */
function keptBy(seed: number, x: Float32Array): boolean[] {
  const y = tf.tidy(() => dropout(tf.tensor1d(x), rate, seed).dataSync());
  return Array.from(y, (v, i) => {
    if (v === 0) return false;
    assert.ok(Math.abs(v - x[i]! / (1 - rate)) <= 1e-6 * Math.abs(v), `element ${i}: ${v} from ${x[i]}`);
    return true;
  });
}

const fraction = (flags: boolean[]): number => flags.filter(Boolean).length / flags.length;

describe('native dropout', () => {
  before(async () => {
    registerNativeGradients();
    await tf.setBackend(BACKEND_NAME);
  });

  // Binomial standard deviation of a fraction over n elements is ~0.001: 0.006 is six of them.
  const slack = 0.006;

  it(`keeps a 1 - rate share of the elements, scaled by 1 / (1 - rate), the rest zeroed (seed ${testSeed})`, () => {
    const x = random(n).map((v) => v + 2);
    assert.ok(Math.abs(fraction(keptBy(7, x)) - (1 - rate)) < slack);
  });

  it('draws the same mask from the same seed, an independent one from another', () => {
    const x = new Float32Array(n).fill(1);
    const [first, again, other] = [keptBy(11, x), keptBy(11, x), keptBy(12, x)];
    assert.deepEqual(again, first);
    const bothKept = fraction(first.map((kept, i) => kept && other[i]!));
    assert.ok(Math.abs(bothKept - (1 - rate) ** 2) < slack, `both kept ${bothKept}`);
  });

  it('keeps neighbouring elements independently', () => {
    const kept = keptBy(3, new Float32Array(n).fill(1));
    const pairs = fraction(kept.slice(1).map((k, i) => k && kept[i]!));
    assert.ok(Math.abs(pairs - (1 - rate) ** 2) < slack, `neighbours both kept ${pairs}`);
  });

  it('passes gradients through the kept elements only, scaled as they are', () => {
    const x = tf.tensor1d(random(1000));
    const w = tf.tensor1d(random(1000));
    const dx = tf
      .grad((t: tf.Tensor) => tf.sum(tf.mul(dropout(t, rate, 5), w)))(x)
      .dataSync();
    const y = dropout(x, rate, 5).dataSync();
    const [xs, ws] = [x.dataSync(), w.dataSync()];
    dx.forEach((g, i) =>
      assert.ok(Math.abs(g - (y[i] === 0 ? 0 : ws[i]! / (1 - rate))) < 1e-6, `element ${i} of x ${xs[i]}`),
    );
  });

  it('is there on onednn only, and refuses a rate outside (0, 1)', async () => {
    assert.equal(hasDropout(), true);
    assert.throws(() => dropout(tf.ones([4]), 1, 1), /rate must be in \(0, 1\)/);
    await tf.setBackend('cpu');
    assert.equal(hasDropout(), false);
    await tf.setBackend(BACKEND_NAME);
  });
});
