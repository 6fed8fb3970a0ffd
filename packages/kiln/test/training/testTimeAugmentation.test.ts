import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import 'tfjs-backend-onednn';

import type { ImageSet } from '../../src/data/index.js';
import { predict, testTimeViews } from '../../src/training/index.js';

const [n, h, w, c] = [5, 4, 4, 1];

/** Random uint8 images, and a softmax classifier over their flattened pixels whose output depends on where pixels are. */
function setUp(): { set: ImageSet; model: tfl.Sequential } {
  let state = 7;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const images = Uint8Array.from({ length: n * h * w * c }, () => Math.floor(next() * 256));
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [h, w, c] }), tfl.layers.dense({ units: 3, activation: 'softmax' })],
  });
  model.setWeights([
    tf.tensor2d(
      Array.from({ length: h * w * c * 3 }, () => next() * 4 - 2),
      [h * w * c, 3],
    ),
    tf.zeros([3]),
  ]);
  return { set: { images, labels: new Uint8Array(n), count: n, height: h, width: w, channels: c }, model };
}

/** Image i's pixels scaled to [0, 1], transformed in plain JS (flip then shift with Keras' reflect), as [1, h, w, c]. */
function view(set: ImageSet, i: number, flip: boolean, shift: number): tf.Tensor4D {
  const reflect = (k: number, size: number): number => (k < 0 ? -k - 1 : k >= size ? 2 * size - 1 - k : k);
  const values: number[] = [];
  for (let r = 0; r < h; r++) {
    for (let q = 0; q < w; q++) {
      const [sr, sq0] = [reflect(r - shift, h), reflect(q - shift, w)];
      const sq = flip ? w - 1 - sq0 : sq0;
      values.push(set.images[((i * h + sr) * w + sq) * c]! / 255);
    }
  }
  return tf.tensor4d(values, [1, h, w, c]);
}

for (const backend of ['cpu', 'onednn']) {
  describe(`predict with test-time augmentation on ${backend}`, () => {
    for (const tta of [{ flip: true }, { flip: true, translate: 1 }, { translate: 2 }]) {
      it(`averages the probabilities of the views ${JSON.stringify(tta)} made in plain JS`, async () => {
        await tf.setBackend(backend);
        const { set, model } = setUp();
        const views = testTimeViews(tta);
        const actual = predict(model, set, { testTimeAugmentation: tta, batchSize: 2 });
        for (let i = 0; i < n; i++) {
          const expected = tf.tidy(() =>
            tf
              .div(
                views
                  .map((v) => model.predict(view(set, i, v.flip!, v.shiftRows!)) as tf.Tensor)
                  .reduce((a, b) => tf.add(a, b)),
                views.length,
              )
              .dataSync(),
          );
          expected.forEach((p, k) => assert.ok(Math.abs(actual.data[i * 3 + k]! - p) < 1e-5, `image ${i} class ${k}`));
        }
        const plain = predict(model, set);
        assert.notDeepEqual(
          Array.from(actual.data),
          Array.from(plain.data),
          'the views change the prediction of this position-dependent model',
        );
      });
    }
  });
}

describe('testTimeViews', () => {
  it('is the identity, then flips and translations; rejects fractional pixels', () => {
    assert.deepEqual(testTimeViews({}), [{ flip: false, shiftRows: 0, shiftCols: 0 }]);
    assert.equal(testTimeViews({ flip: true, translate: 2 }).length, 6);
    assert.throws(() => testTimeViews({ translate: 0.5 }), /translate must be a whole number of pixels >= 0, got 0.5/);
  });
});
