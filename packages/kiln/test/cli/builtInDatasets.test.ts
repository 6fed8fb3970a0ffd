import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeCifar100Folder } from '../data/fixtures.js';
import { runKiln } from './runKiln.js';
import { tinySpec } from './support.js';

describe('kiln CLI: --dataset cifar100 and cifar100-coarse', () => {
  let root: string;
  let data: string;
  let spec: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-cli-cifar100-'));
    await writeCifar100Folder(root, 40, 20);
    data = root;
    spec = join(root, 'tiny.json');
    await writeFile(spec, JSON.stringify(tinySpec));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('trains on the 20 coarse labels, and evaluate reloads the coarse labels from the saved model', async () => {
    const out = join(root, 'coarse');
    const flags = ['--data', data, '--seed', '1', '--epochs', '1', '--batch-size', '16', '--validation-split', '0'];
    const train = await runKiln(['train', spec, '--dataset', 'cifar100-coarse', ...flags, '--out', out]);
    assert.equal(train.code, 0, train.stderr);
    const accuracy = /^Test accuracy: (\d\.\d{4})$/m.exec(train.stdout)?.[1];
    assert.ok(accuracy, train.stdout);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    assert.equal(run.dataset, 'cifar100-coarse');
    assert.deepEqual(
      run.classNames,
      Array.from({ length: 20 }, (_, i) => `coarse${i}`),
    );
    const evaluate = await runKiln(['evaluate', out, '--data', data]);
    assert.equal(evaluate.code, 0, evaluate.stderr);
    assert.match(evaluate.stdout, new RegExp(`^Test accuracy: ${accuracy}$`, 'm'));
  });

  test('--dataset cifar100 takes the 100 fine labels', async () => {
    const summary = await runKiln(['summary', 'regular', '--dataset', 'cifar100']);
    assert.equal(summary.code, 0, summary.stderr);
    assert.match(summary.stdout, /\(None, ?100\)/);
    const out = join(root, 'fine');
    const train = await runKiln(
      ['train', spec, '--dataset', 'cifar100', '--data', data, '--seed', '1'].concat([
        '--epochs',
        '1',
        '--batch-size',
        '16',
        '--validation-split',
        '0',
        '--out',
        out,
      ]),
    );
    assert.equal(train.code, 0, train.stderr);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    assert.equal(run.classNames.length, 100);
  });
});
