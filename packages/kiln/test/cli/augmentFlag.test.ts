import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { parseAugmentation } from '../../src/cli/options.js';
import { runKiln } from './runKiln.js';
import { writeTinyFashionRun } from './support.js';

describe('kiln train --augment', () => {
  let root: string;
  let data: string;
  let spec: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-cli-augment-'));
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

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
    const out = join(root, 'augmented');
    const flags = ['--data', data, '--dataset', 'fashion-mnist', '--seed', '3', '--batch-size', '16', '--epochs', '1'];
    const train = await runKiln(['train', spec, ...flags, '--augment', 'flip,translate=2,cutout=6', '--out', out]);
    assert.equal(train.code, 0, train.stderr);
    const saved = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as {
      modelTopology: { config: { layers: { class_name: string }[] } };
    };
    assert.deepEqual(
      saved.modelTopology.config.layers.map((layer) => layer.class_name),
      ['InputLayer', 'RandomFlip', 'RandomTranslation', 'RandomCutout', 'Sequential'],
    );
    const evaluated = await runKiln(['evaluate', out, '--data', data, '--dataset', 'fashion-mnist']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, /^Test accuracy: \d\.\d{4}$/m);
  });

  test('refuses sizes that do not fit the images, and --augment on the recipe that has its own', async () => {
    const flags = ['--data', data, '--dataset', 'fashion-mnist', '--epochs', '1', '--out', join(root, 'refused')];
    const tooFar = await runKiln(['train', spec, ...flags, '--augment', 'translate=14']);
    assert.notEqual(tooFar.code, 0);
    assert.match(tooFar.stderr, /translate must be a whole number of pixels from 1 to 13 for 28x28 images, got 14/);
    const recipe = await runKiln(['train', 'cifar-fast', ...flags, '--augment', 'flip']);
    assert.notEqual(recipe.code, 0);
    assert.match(recipe.stderr, /cifar-fast has its own augmentation: leave out --augment/);
  });
});
