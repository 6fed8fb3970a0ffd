import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { AlternatingFlip, alternatingFlip } from '../../../src/models/layers/alternatingFlip.js';
import { distinctImages, mirror, same, trainingOutput, type Image } from './imageReference.js';

/** For each image of `x`, whether the layer's training output is its plain-JS mirror (else it must be the image). */
function flipsOf(layer: tfl.layers.Layer, x: tf.Tensor4D): boolean[] {
  const images = x.arraySync() as Image[];
  return trainingOutput(layer, x).map((image, i) => {
    if (same(image, mirror(images[i]!))) return true;
    assert.ok(same(image, images[i]!), `image ${i} is neither the input nor its mirror`);
    return false;
  });
}

for (const backend of ['cpu', 'onednn']) {
  describe(`AlternatingFlip on ${backend}`, () => {
    it('mirrors each image at random the first time, then on every other visit, whatever the batch order', async () => {
      await tf.setBackend(backend);
      const x = distinctImages(64, 3, 4, 2);
      const layer = alternatingFlip({ seed: 3 });
      const first = flipsOf(layer, x);
      const share = first.filter(Boolean).length / first.length;
      assert.ok(share > 0.25 && share < 0.75, `flipped ${share}`);
      // The next epoch, shuffled and in two batches: every image the other way.
      const order = Array.from({ length: 64 }, (_, i) => (i * 37) % 64);
      const shuffled = tf.gather(x, order);
      const [head, tail] = tf.split(shuffled, 2) as [tf.Tensor4D, tf.Tensor4D];
      const second = [...flipsOf(layer, head), ...flipsOf(layer, tail)];
      order.forEach((image, position) => assert.equal(second[position], !first[image], `image ${image}`));
      assert.deepEqual(flipsOf(layer, x), first, 'the third visit as the first');
      assert.deepEqual(flipsOf(alternatingFlip({ seed: 3 }), x), first, 'the same first choices from the same seed');
      tf.dispose([x, shuffled, head, tail]);
    });

    it('passes its input unchanged outside training, and remembers nothing then', async () => {
      await tf.setBackend(backend);
      const x = distinctImages(8, 3, 4, 2);
      const layer = alternatingFlip({ seed: 1 });
      assert.deepEqual((layer.apply(x) as tf.Tensor).arraySync(), x.arraySync());
      assert.deepEqual(flipsOf(layer, x), flipsOf(alternatingFlip({ seed: 1 }), x));
      x.dispose();
    });
  });
}

describe('AlternatingFlip', () => {
  it('saves as AlternatingFlip and loads back with its seed', async () => {
    const model = tfl.sequential({ layers: [alternatingFlip({ seed: 9, inputShape: [4, 4, 3] })] });
    const restored = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as never);
    assert.equal(restored.layers[0]!.getClassName(), 'AlternatingFlip');
    assert.ok(restored.layers[0] instanceof AlternatingFlip);
    assert.equal(restored.layers[0]!.getConfig()['seed'], 9);
  });
});
