import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

import { withAugmentation } from '../../src/models/index.js';
import { fileSystemHandler } from '../../src/models/fileSystemHandler.js';

function tinyModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [8, 8, 1] }),
      tfl.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const image = tf.tensor4d(
  Float32Array.from({ length: 64 }, (_, i) => (i * 7) % 13),
  [1, 8, 8, 1],
);

describe('withAugmentation', () => {
  it('puts flip, translate and cut-out in front of the model, active only in training, with its optimizer, loss and metrics', async () => {
    await tf.setBackend('cpu');
    const model = tinyModel();
    const augmented = withAugmentation(model, { flip: true, translate: 2, cutout: 3 }, 1);
    assert.deepEqual(
      augmented.layers.map((layer) => layer.getClassName()),
      ['InputLayer', 'RandomFlip', 'RandomTranslation', 'RandomCutout', 'Sequential'],
    );
    assert.equal(augmented.optimizer, model.optimizer);
    assert.deepEqual(augmented.metricsNames, model.metricsNames);
    const cutout = augmented.layers[3]!.getConfig() as { heightFactor: number[]; widthFactor: number[] };
    assert.deepEqual(
      [cutout.heightFactor, cutout.widthFactor],
      [
        [3 / 8, 3 / 8],
        [3 / 8, 3 / 8],
      ],
    );
    // Testing: the model's own output.
    assert.deepEqual(
      (augmented.predict(image) as tf.Tensor).arraySync(),
      (model.predict(image) as tf.Tensor).arraySync(),
    );
    // Training: the augmented image (cut-out at least blanks a square of it).
    const trainingInput = tf.tidy(() =>
      augmented.layers
        .slice(1, 4)
        .reduce((x, layer) => layer.apply(x, { training: true }) as tf.Tensor, image as tf.Tensor),
    );
    assert.notDeepEqual(trainingInput.arraySync(), image.arraySync());
    assert.equal(
      (trainingInput.dataSync() as Float32Array).filter((v) => v === 0).length >= 9,
      true,
      'a 3x3 square is blanked',
    );
    augmented.optimizer.dispose();
    augmented.dispose();
  });

  it('saves and loads back as one model whose predictions are the same', async () => {
    await tf.setBackend('cpu');
    const dir = await mkdtemp(join(tmpdir(), 'kiln-augment-'));
    try {
      const augmented = withAugmentation(tinyModel(), { flip: true, translate: 1 }, 2);
      await augmented.save(fileSystemHandler(join(dir, 'model')));
      const loaded = await tfl.loadLayersModel(fileSystemHandler(join(dir, 'model')));
      assert.deepEqual(
        (loaded.predict(image) as tf.Tensor).arraySync(),
        (augmented.predict(image) as tf.Tensor).arraySync(),
      );
      augmented.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses models that do not take one image, and sizes that do not fit the image, saying what it got', () => {
    const table = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 2 })] });
    assert.throws(
      () => withAugmentation(table, { flip: true }),
      /one image input \[height, width, channels\], got \[\[null,4\]\]/,
    );
    assert.throws(
      () => withAugmentation(tinyModel(), { translate: 4 }),
      /translate must be a whole number of pixels from 1 to 3 for 8x8 images, got 4/,
    );
    assert.throws(
      () => withAugmentation(tinyModel(), { cutout: 9 }),
      /cutout must be a whole number of pixels from 1 to 8 for 8x8 images, got 9/,
    );
  });
});
