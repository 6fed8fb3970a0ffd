import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

import { Dirac, dirac } from '../../src/models/diracInitializer.js';

describe('Dirac', () => {
  it("starts the first min(inputs, filters) filters as identities of their input channel, the rest as PyTorch's", async () => {
    await tf.setBackend('cpu');
    const kernel = dirac({ seed: 1 }).apply([3, 3, 2, 3]);
    const k = kernel.arraySync() as number[][][][];
    for (let row = 0; row < 3; row++) {
      for (let column = 0; column < 3; column++) {
        for (let input = 0; input < 2; input++) {
          const centre = row === 1 && column === 1;
          assert.ok(k[row]![column]![input]![2] !== 0 && Math.abs(k[row]![column]![input]![2]!) < Math.sqrt(1 / 18));
          assert.deepEqual(k[row]![column]![input], [
            centre && input === 0 ? 1 : 0,
            centre && input === 1 ? 1 : 0,
            k[row]![column]![input]![2]!,
          ]);
        }
      }
    }
    // A convolution so started passes its first channels through unchanged ('same' padding).
    const images = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const out = tf.conv2d(images, kernel as tf.Tensor4D, 1, 'same');
    const passed = tf.slice(out, [0, 0, 0, 0], [2, 5, 5, 2]);
    assert.ok(tf.max(tf.abs(tf.sub(passed, images))).dataSync()[0]! < 1e-6);
    // More inputs than filters: every filter is an identity.
    assert.deepEqual((dirac().apply([1, 1, 3, 2]).arraySync() as number[][][][])[0]![0], [
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    tf.dispose([kernel, images, out, passed]);
  });

  it('saves in a layer config with its seed and loads back', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          filters: 4,
          kernelSize: 3,
          inputShape: [5, 5, 2],
          kernelInitializer: dirac({ seed: 4 }),
        }),
      ],
    });
    const restored = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as never);
    const initializer = (restored.layers[0] as unknown as { kernelInitializer: unknown }).kernelInitializer;
    assert.ok(initializer instanceof Dirac);
    assert.equal(initializer.seed, 4);
    model.dispose();
    restored.dispose();
  });

  it('rejects kernels other than 2D convolutions, saying what it got', () => {
    assert.throws(() => dirac().apply([3, 4]), /convolution kernels \[height, width, inputs, filters\], got \[3, 4\]/);
  });
});
