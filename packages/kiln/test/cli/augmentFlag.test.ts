import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { parseAugmentation } from '../../src/cli/options.js';
import { runKiln } from './runKiln.js';
import { trainFlagFixture } from './trainFlagFixture.js';

describe('kiln train --augment', () => {
  const runs = trainFlagFixture('kiln-cli-augment-');

  test('reads flip, translate[=N] and cutout[=N], with defaults, and refuses anything else saying what it got', () => {
    assert.deepEqual(parseAugmentation('flip,translate=3,cutout=8'), { flip: true, translate: 3, cutout: 8 });
    assert.deepEqual(parseAugmentation('translate, cutout'), { translate: 2, cutout: 0 });
    for (const bad of ['flip=2', 'rotate', 'translate=0', 'cutout=1.5', 'translate=2=3'])
      assert.throws(
        () => parseAugmentation(bad),
        new RegExp(`'${bad}' in '${bad}' is not flip, translate\\[=N\\] or cutout\\[=N\\]`),
      );
  });

  test("puts the augmentation layers in front of the user's model, whose saved form kiln evaluate loads", async () => {
    const train = await runs.train(['--augment', 'flip,translate=2,cutout=6'], { out: 'augmented' });
    assert.equal(train.code, 0, train.stderr);
    const saved = JSON.parse(await readFile(join(train.out, 'model.json'), 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string }[] } };
    };
    assert.deepEqual(
      saved.modelTopology.config.layers.map((layer) => layer.class_name),
      ['InputLayer', 'RandomFlip', 'RandomTranslation', 'RandomCutout', 'Sequential'],
    );
    const evaluated = await runKiln(['evaluate', train.out, '--data', runs.data, '--dataset', 'fashion-mnist']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, /^Test accuracy: \d\.\d{4}$/m);
  });

  test('refuses sizes that do not fit the images, and --augment on the recipe that has its own', () =>
    runs.assertRefused([
      {
        flags: ['--augment', 'translate=14'],
        error: /translate must be a whole number of pixels from 1 to 13 for 28x28 images, got 14/,
      },
      {
        model: 'cifar-fast',
        flags: ['--augment', 'flip'],
        error: /cifar-fast has its own augmentation: leave out --augment/,
      },
    ]));
});
