import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { MinMaxGrad } from '../../src/kernels/MinMaxGrad.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

// The helpers import tfjs-layers, which has registered tfjs' gradients: this replaces Max's and Min's.
registerNativeGradients();

// GlobalMaxPooling2D's axes (H, W), the last axis, everything, and a rank-2 case.
const cases: { shape: number[]; axes?: number | number[] }[] = [
  { shape: [4, 5, 3, 7], axes: [1, 2] },
  { shape: [3, 6, 5, 8], axes: [0, 1, 2] },
  { shape: [2, 9, 11], axes: 2 },
  { shape: [3, 4, 5] },
  { shape: [6, 13], axes: 0 },
];

// Values on a coarse grid, so that several elements often share an extremum: tfjs gives dy to each.
const withTies = (n: number): Float32Array => random(n).map((v) => Math.round(v * 3));

describe('the native Max and Min gradients', () => {
  for (const reduce of [tf.max, tf.min]) {
    for (const { shape, axes } of cases) {
      for (const keepDims of [false, true]) {
        for (const values of [random, withTies]) {
          it(`equal tfjs' for ${reduce === tf.max ? 'max' : 'min'} of [${shape}] over ${JSON.stringify(axes ?? 'all')}${keepDims ? ', keepDims' : ''}${values === withTies ? ', with ties' : ''} (seed ${testSeed})`, async () => {
            const x = values(shape.reduce((a, b) => a * b));
            const reducedShape = reduce(tf.zeros(shape), axes, keepDims).shape;
            const dy = random(reducedShape.reduce((a, b) => a * b, 1));
            const error = await relativeErrorVsCpu(() => {
              const [dx] = tf.grads((t: tf.Tensor) => reduce(t, axes, keepDims))(
                [tf.tensor(x, shape)],
                tf.tensor(dy, reducedShape),
              );
              return dx!;
            });
            assert.equal(error, 0);
          });
        }
      }
    }
  }

  it('runs as one kernel on onednn, without the comparison tfjs runs', async () => {
    await tf.setBackend(BACKEND_NAME);
    const profile = await tf.profile(() =>
      tf.grad((t: tf.Tensor) => tf.max(t, [1, 2]))(tf.tensor4d(random(2 * 3 * 3 * 4), [2, 3, 3, 4])),
    );
    const names = profile.kernels.map((k) => k.name);
    assert.ok(names.includes(MinMaxGrad) && !names.includes('Equal'), names.join(', '));
  });
});
