import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../../src/index.js';
import { registerNativeGradients } from '../../src/gradients/registerNativeGradients.js';
import { ReluGrad } from '../../src/kernels/ReluGrad.js';
import { SquareGrad } from '../../src/kernels/SquareGrad.js';
import { randomSource, relativeErrorVsCpu, testSeed } from '../helpers/backends.js';

const random = randomSource(testSeed);

// The helpers import tfjs-layers, which has registered tfjs' gradients: this replaces ReLU's and
// Square's.
registerNativeGradients();

const functions = { ReLU: tf.relu, Square: tf.square } as const;

describe('the native ReLU and Square gradients', () => {
  for (const [name, f] of Object.entries(functions)) {
    for (const shape of [[5], [3, 17, 13, 7], [1, 9, 9, 33]]) {
      it(`equal tfjs' ${name} gradient on [${shape}] (seed ${testSeed})`, async () => {
        const size = shape.reduce((a, b) => a * b);
        const [x, dy] = [random(size), random(size)];
        const error = await relativeErrorVsCpu(() => {
          const [dx] = tf.grads((t: tf.Tensor) => f(t))([tf.tensor(x, shape)], tf.tensor(dy, shape));
          return dx!;
        });
        assert.ok(error < 1e-6, `relative error ${error}`);
      });
    }
  }

  it("gives ReLU's gradient 0 at 0 and NaN at NaN, as tfjs does", async () => {
    await tf.setBackend(BACKEND_NAME);
    const dx = tf.grad((t: tf.Tensor) => tf.relu(t))(tf.tensor1d([0, Number.NaN, 2, -2]), tf.tensor1d([3, 3, 3, 3]));
    const values = Array.from(await dx.data());
    assert.equal(values[0], 0);
    assert.ok(Number.isNaN(values[1]));
    assert.deepEqual(values.slice(2), [3, 0]);
  });

  it("run as one kernel each on onednn and leave the cpu backend to tfjs' Step and Multiply", async () => {
    const kernelsOn = async (backend: string): Promise<string[]> => {
      await tf.setBackend(backend);
      const x = tf.tensor1d(random(64));
      const profile = await tf.profile(() => [
        tf.grad((t: tf.Tensor) => tf.relu(t))(x),
        tf.grad((t: tf.Tensor) => tf.square(t))(x),
      ]);
      return profile.kernels.map((k) => k.name);
    };
    const onOneDnn = await kernelsOn(BACKEND_NAME);
    assert.ok(onOneDnn.includes(ReluGrad) && onOneDnn.includes(SquareGrad), onOneDnn.join(', '));
    assert.ok(!onOneDnn.includes('Step') && !onOneDnn.includes('Multiply'), onOneDnn.join(', '));
    const onCpu = await kernelsOn('cpu');
    assert.ok(!onCpu.includes(ReluGrad) && onCpu.includes('Step') && onCpu.includes('Multiply'), onCpu.join(', '));
  });
});
