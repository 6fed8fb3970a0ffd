import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { MeanGrad } from '../../src/kernels/MeanGrad.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

// The helpers import tfjs-layers, which has registered tfjs' gradients: this replaces Mean's.
registerNativeGradients();

// BatchNormalization's statistics (all but the last axis), GlobalAveragePooling2D's (H, W), the
// last axis, everything, and a rank-2 case; with and without keepDims.
const cases: { shape: number[]; axes?: number | number[] }[] = [
  { shape: [4, 5, 3, 7], axes: [0, 1, 2] },
  { shape: [3, 6, 5, 8], axes: [1, 2] },
  { shape: [2, 9, 11], axes: 2 },
  { shape: [3, 4, 5] },
  { shape: [1, 13], axes: 0 },
];

describe('the native Mean gradient', () => {
  for (const { shape, axes } of cases) {
    for (const keepDims of [false, true]) {
      it(`equals tfjs' for the mean of [${shape}] over ${JSON.stringify(axes ?? 'all')}${keepDims ? ', keepDims' : ''} (seed ${testSeed})`, async () => {
        const size = shape.reduce((a, b) => a * b);
        const x = random(size);
        const meanShape = tf.mean(tf.zeros(shape), axes, keepDims).shape;
        const dy = random(meanShape.reduce((a, b) => a * b, 1));
        const error = await relativeErrorVsCpu(() => {
          const [dx] = tf.grads((t: tf.Tensor) => tf.mean(t, axes, keepDims))(
            [tf.tensor(x, shape)],
            tf.tensor(dy, meanShape),
          );
          return dx!;
        });
        assert.ok(error < 1e-6, `relative error ${error}`);
      });
    }
  }

  it("runs as one kernel on onednn and leaves the cpu backend to tfjs' Multiply and RealDiv", async () => {
    const kernelsOn = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      const profile = await tf.profile(() =>
        tf.grad((t: tf.Tensor) => tf.mean(t, [1, 2]))(tf.tensor4d(random(2 * 3 * 3 * 4), [2, 3, 3, 4])),
      );
      return profile.kernels.map((k) => k.name);
    };
    const onOneDnn = await kernelsOn(BACKEND_NAME);
    assert.ok(onOneDnn.includes(MeanGrad) && !onOneDnn.includes('RealDiv'), onOneDnn.join(', '));
    const onCpu = await kernelsOn('cpu');
    assert.ok(!onCpu.includes(MeanGrad) && onCpu.includes('RealDiv'), onCpu.join(', '));
  });
});
