import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { RandomTranslation, randomTranslation } from '../../../src/models/layers/randomTranslation.js';
import { distinctImages, same, shifted, trainingOutput } from './imageReference.js';

/** The (rows, cols) shift within ±maxShift by which the plain-JS reference turns `input` into `output`. */
function findShift(
  input: number[][][],
  output: number[][][],
  maxShift: number,
  fill: 'reflect' | number,
): [number, number] | undefined {
  for (let dr = -maxShift; dr <= maxShift; dr++) {
    for (let dc = -maxShift; dc <= maxShift; dc++) {
      if (same(shifted(input, dr, dc, fill), output)) return [dr, dc];
    }
  }
  return undefined;
}

for (const backend of ['cpu', 'onednn']) {
  describe(`RandomTranslation on ${backend}`, () => {
    for (const fill of ['reflect', 0.5] as const) {
      it(`moves each image by whole pixels within the factors, padding with ${fill} as the plain-JS reference does`, async () => {
        await tf.setBackend(backend);
        const x = distinctImages(48, 8, 8, 2);
        const images = x.arraySync();
        const layer = randomTranslation({
          heightFactor: 0.25,
          widthFactor: 0.25,
          seed: 5,
          ...(fill === 'reflect' ? { fillMode: 'reflect' } : { fillMode: 'constant', fillValue: fill }),
        });
        const shifts = trainingOutput(layer, x).map((image, i) => {
          const shift = findShift(images[i]!, image, 2, fill);
          assert.ok(shift !== undefined, `image ${i} is no shift of its input by at most 2 pixels`);
          return shift.join(',');
        });
        assert.ok(new Set(shifts).size > 10, `only ${new Set(shifts).size} distinct shifts in 48 images`);
        x.dispose();
      });
    }

    it('is the identity outside training, and repeats its draws from the same seed', async () => {
      await tf.setBackend(backend);
      const x = distinctImages(8, 5, 5, 1);
      const make = (): RandomTranslation => randomTranslation({ heightFactor: 0.2, widthFactor: [0, 0.4], seed: 2 });
      assert.deepEqual((make().apply(x) as tf.Tensor).arraySync(), x.arraySync());
      assert.deepEqual(trainingOutput(make(), x), trainingOutput(make(), x));
      x.dispose();
    });
  });
}

describe('RandomTranslation', () => {
  it('saves its factors, fill and seed, and loads back as RandomTranslation', async () => {
    const layer = randomTranslation({
      heightFactor: 0.1,
      widthFactor: [-0.2, 0.1],
      fillMode: 'constant',
      seed: 4,
      inputShape: [8, 8, 3],
    });
    const model = tfl.sequential({ layers: [layer] });
    const restored = await tfl.models.modelFromJSON({ modelTopology: model.toJSON(undefined, false) } as never);
    assert.ok(restored.layers[0] instanceof RandomTranslation);
    const config = restored.layers[0].getConfig();
    assert.deepEqual(
      [config['heightFactor'], config['widthFactor'], config['fillMode'], config['seed']],
      [[-0.1, 0.1], [-0.2, 0.1], 'constant', 4],
    );
  });

  it('rejects factors outside [-1, 1] and unknown fill modes, saying what it got', () => {
    assert.throws(
      () => randomTranslation({ heightFactor: 1.5, widthFactor: 0 }),
      /heightFactor must be a number in \[-1, 1\].*got 1.5/,
    );
    assert.throws(
      () => randomTranslation({ heightFactor: 0, widthFactor: 0, fillMode: 'wrap' as never }),
      /fillMode must be 'reflect' or 'constant', got 'wrap'/,
    );
  });
});
