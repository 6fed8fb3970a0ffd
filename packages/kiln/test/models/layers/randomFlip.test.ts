import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { RandomFlip, randomFlip } from '../../../src/models/layers/randomFlip.js';
import { distinctImages, mirror, same, trainingOutput } from './imageReference.js';

for (const backend of ['cpu', 'onednn']) {
  describe(`RandomFlip on ${backend}`, () => {
    it('in training gives each image or its plain-JS mirror, about half of each, the same from the same seed', async () => {
      await tf.setBackend(backend);
      const x = distinctImages(64, 3, 4, 2);
      const images = x.arraySync();
      const out = trainingOutput(randomFlip({ seed: 3 }), x);
      const flipped = out.map((image, i) => {
        if (same(image, mirror(images[i]!))) return true;
        assert.ok(same(image, images[i]!), `image ${i} is neither the input nor its mirror`);
        return false;
      });
      const share = flipped.filter(Boolean).length / flipped.length;
      assert.ok(share > 0.25 && share < 0.75, `flipped ${share}`);
      assert.deepEqual(trainingOutput(randomFlip({ seed: 3 }), x), out);
      const layer = randomFlip({ seed: 3 });
      trainingOutput(layer, x);
      assert.notDeepEqual(trainingOutput(layer, x), out, 'a new draw at every step');
      x.dispose();
    });

    it('passes its input unchanged outside training', async () => {
      await tf.setBackend(backend);
      const x = distinctImages(4, 3, 4, 2);
      const layer = randomFlip({ seed: 1 });
      assert.deepEqual((layer.apply(x) as tf.Tensor).arraySync(), x.arraySync());
      assert.deepEqual((layer.apply(x, { training: false }) as tf.Tensor).arraySync(), x.arraySync());
      x.dispose();
    });
  });
}

describe('RandomFlip', () => {
  it("saves as Keras' RandomFlip and loads back with its seed", () => {
    const layer = randomFlip({ seed: 9, inputShape: [4, 4, 3] });
    const model = tfl.sequential({ layers: [layer] });
    const restored = tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as never);
    return restored.then((m) => {
      const config = m.layers[0]!.getConfig();
      assert.equal(m.layers[0]!.getClassName(), 'RandomFlip');
      assert.ok(m.layers[0] instanceof RandomFlip);
      assert.equal(config['seed'], 9);
      assert.equal(config['mode'], 'horizontal');
    });
  });

  it("rejects modes other than 'horizontal' with a clear message", () => {
    assert.throws(
      () => randomFlip({ mode: 'vertical' as never }),
      /mode 'vertical' is not supported: use 'horizontal'/,
    );
  });
});
