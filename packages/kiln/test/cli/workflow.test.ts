import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import type { CompareResults } from '../../src/reports/index.js';
import { runKiln } from './runKiln.js';
import { writeTinyFashionRun } from './support.js';

describe('kiln CLI: train, evaluate, predict, compare on a tiny Fashion-MNIST copy', () => {
  let root: string;
  let data: string;
  let spec: string;
  const dataFlags = (): string[] => ['--data', data, '--dataset', 'fashion-mnist', '--seed', '3', '--verbose', '2'];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-cli-'));
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('train saves a model that evaluate and predict then use', async () => {
    const out = join(root, 'trained');
    const train = await runKiln(['train', spec, ...dataFlags(), '--epochs', '2', '--batch-size', '16', '--out', out]);
    assert.equal(train.code, 0, train.stderr);
    assert.match(
      train.stderr,
      /^Epoch 2\/2 - \d+s - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/m,
    );
    const accuracy = /^Test accuracy: (\d\.\d{4})$/m.exec(train.stdout)?.[1];
    assert.ok(accuracy, train.stdout);
    assert.deepEqual((await readdir(out)).sort(), [
      'history.csv',
      'model.json',
      'run.json',
      'weights.bin',
      'weights.sha256',
    ]);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    assert.equal(run.model, 'tiny');
    assert.deepEqual(run.history.epoch, [0, 1]);

    const evaluate = await runKiln(['evaluate', out, '--data', data]);
    assert.equal(evaluate.code, 0, evaluate.stderr);
    assert.match(evaluate.stdout, new RegExp(`^Test accuracy: ${accuracy}$`, 'm'));

    const byIndex = await runKiln(['predict', out, '--data', data, '--index', '3', '--top', '2']);
    assert.equal(byIndex.code, 0, byIndex.stderr);
    assert.match(
      byIndex.stdout,
      /^test image 3: true class Dress\nclass +probability\n-+ +-+\n\S.* +0\.\d{4}\n\S.* +0\.\d{4}\n$/,
    );

    const png = new PNG({ width: 40, height: 40 });
    png.data.fill(200);
    const image = join(root, 'grey.png');
    await writeFile(image, PNG.sync.write(png));
    const byImage = await runKiln(['predict', out, '--image', image]);
    assert.equal(byImage.code, 0, byImage.stderr);
    assert.match(byImage.stdout, /^resized 40x40 to 28x28 \(nearest neighbour\)\nclass +probability\n/);

    const both = await runKiln(['predict', out, '--index', '1', '--image', image]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /pass exactly one of --index N or --image FILE/);
    const missing = await runKiln(['evaluate', join(root, 'nowhere')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no saved model in .*nowhere: model.json not found/);
  });

  test('compare trains each model, averages their probabilities and writes results.json', async () => {
    const out = join(root, 'compare');
    const compare = await runKiln([
      'compare',
      spec,
      spec,
      ...dataFlags(),
      '--epochs',
      '1',
      '--limit',
      '30',
      '--out',
      out,
    ]);
    assert.equal(compare.code, 0, compare.stderr);
    assert.match(compare.stdout, /^model +params +epochs +train s +images\/s +test loss +test acc$/m);
    assert.match(
      compare.stdout,
      /^ensemble \(mean of tiny, tiny probabilities\): test loss \d+\.\d{4}, test acc \d\.\d{4}$/m,
    );
    const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as CompareResults;
    assert.equal(results.dataset, 'fashion-mnist');
    assert.equal(results.trainImages, 30);
    assert.equal(results.testImages, 10);
    assert.equal(results.models.length, 2);
    assert.equal(results.models[0].steps, 1);
    assert.equal(results.models[0].parameters, 2 * 9 + 2 + 13 * 13 * 2 * 10 + 10);
    assert.ok(results.ensemble.testAccuracy >= 0 && results.ensemble.testAccuracy <= 1);
    assert.deepEqual((await readdir(out)).sort(), ['1-tiny', '2-tiny', 'results.json']);
  });
});
