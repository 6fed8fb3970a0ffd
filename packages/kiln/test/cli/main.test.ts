import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runKiln } from './runKiln.js';

describe('kiln CLI: help, usage errors, summary', { concurrency: 3 }, () => {
  test('--help lists every command and exits 0', async () => {
    const { code, stdout } = await runKiln(['--help']);
    assert.equal(code, 0);
    for (const command of ['train', 'evaluate', 'predict', 'summary', 'compare'])
      assert.match(stdout, new RegExp(`^  ${command} `, 'm'));
  });

  test('train --help documents the shared data, training and backend flags', async () => {
    const { code, stdout } = await runKiln(['train', '--help']);
    assert.equal(code, 0);
    for (const flag of [
      '--data',
      '--dataset',
      '--epochs',
      '--batch-size',
      '--limit',
      '--seed',
      '--backend',
      '--verbose',
      '--validation-split',
      '--out',
    ]) {
      assert.ok(stdout.includes(flag), `${flag} missing from:\n${stdout}`);
    }
    assert.match(stdout, /--epochs <n>.*\(default: 12\)/s);
  });

  test('a non-numeric --epochs exits 2 and says what is wrong', async () => {
    const { code, stderr } = await runKiln(['train', 'separable', '--epochs', 'abc']);
    assert.equal(code, 2);
    assert.match(stderr, /--epochs <n>' argument 'abc' is invalid. 'abc' is not a positive integer/);
  });

  test('an unknown model exits 2 and lists the known ones', async () => {
    const { code, stderr } = await runKiln(['summary', 'resnet50']);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /unknown model 'resnet50': use one of separable, regular, regular-adadelta, separable-bn, regular-bn/,
    );
  });

  test('a missing --data path exits 2 before any work', async () => {
    const { code, stderr } = await runKiln(['train', 'regular', '--data', '/nonexistent/cifar.tar.gz']);
    assert.equal(code, 2);
    assert.match(stderr, /--data \/nonexistent\/cifar.tar.gz does not exist/);
  });

  test('an unknown dataset, an unknown option and an unknown backend exit 2', async () => {
    assert.equal((await runKiln(['train', 'regular', '--dataset', 'svhn'])).code, 2);
    assert.equal((await runKiln(['summary', 'regular', '--frobnicate'])).code, 2);
    const backend = await runKiln(['summary', 'regular', '--backend', 'tpu']);
    assert.equal(backend.code, 2);
    assert.match(backend.stderr, /--backend: backend 'tpu' could not be initialized/);
  });

  test("summary separable prints the Keras table with the chapter's parameter counts", async () => {
    const { code, stdout } = await runKiln(['summary', 'separable']);
    assert.equal(code, 0);
    assert.match(stdout, /^Model: "sequential"\n_+\nLayer \(type\) +Output Shape +Param #\n=+\n/);
    assert.match(stdout, /^separable_conv2d \(SeparableConv2D\) +\(None, 30, 30, 32\) +155$/m);
    assert.match(stdout, /^separable_conv2d_4 \(SeparableConv2D\) +\(None, 3, 3, 64\) +9408$/m);
    assert.match(stdout, /^Total params: 38,949$/m);
  });

  test('summary takes the image shape of --dataset', async () => {
    const { code, stdout } = await runKiln(['summary', 'regular', '--dataset', 'fashion-mnist']);
    assert.equal(code, 0);
    assert.match(stdout, /^conv2d \(Conv2D\) +\(None, 26, 26, 32\) +320$/m);
  });
});
