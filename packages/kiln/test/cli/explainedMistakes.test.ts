import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setupBackend } from '../../src/backend/select.js';
import { buildConvnet, saveModel } from '../../src/models/index.js';
import { runKiln } from './runKiln.js';
import { checksums, tinySpec, writeTinyFashionRun } from './support.js';

const banner = /Hi, looks like you are running TensorFlow\.js/;

describe('mistakes explained: what the user is told, and that nothing was written', () => {
  let root: string;
  let data: string;
  let spec: string;
  const fashion = (): string[] => ['--data', data, '--dataset', 'fashion-mnist', '--verbose', '0'];
  const trainFlags = (out: string, ...more: string[]): string[] => [
    'train',
    spec,
    ...fashion(),
    ...['--epochs', '1', '--batch-size', '16', '--seed', '3', '--out', out],
    ...more,
  ];

  before(async () => {
    await setupBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'kiln-mistakes-'));
    await chmod(root, 0o755);
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('a ConvnetSpec file with wrong fields is refused before training, naming each field, its value and what is allowed', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ convolution: 'weird' }, /convolution is "weird": it must be "separable" or "regular"/],
      [
        { blocks: [{ filters: [2], maxPooling: true, dropout: 1.5 }] },
        /blocks\[0\]\.dropout is 1\.5: it must be from 0 \(no dropout\) up to, not including, 1/,
      ],
      [{ dense: [{ units: 4, dropout: -0.5 }] }, /dense\[0\]\.dropout is -0\.5: it must be from 0/],
      [
        { batchNormalization: 'yes', head: 'avg' },
        /batchNormalization is "yes": it must be true or false; head is "avg": it must be "flatten" or "globalAveragePooling"/,
      ],
      [{ blocks: [] }, /blocks is \[\]: it must hold at least one convolution block/],
      [{ optimizer: { name: 'adam', lr: 0.1 } }, /optimizer has unknown field 'lr'/],
    ];
    for (const [change, message] of cases) {
      const file = join(root, 'bad.json');
      await writeFile(file, JSON.stringify({ ...tinySpec, ...change }));
      const out = join(root, 'never');
      const result = await runKiln(trainFlags(out).map((arg) => (arg === spec ? file : arg)));
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /bad\.json is not a valid ConvnetSpec: /);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, banner);
      await assert.rejects(readdir(out), /ENOENT/, 'nothing was saved');
    }
  });

  test('a model whose weights were damaged is refused by predict and evaluate as damaged, not predicted as NaN', async () => {
    const out = join(root, 'damaged');
    const trained = await runKiln(trainFlags(out));
    assert.equal(trained.code, 0, trained.stderr);
    // Random bytes in the middle of the weights, as a bad disk or a stray write leaves them.
    const file = await open(join(out, 'weights.bin'), 'r+');
    const size = (await file.stat()).size;
    await file.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x12, 0x34, 0x56, 0x78]), 0, 8, Math.floor(size / 8) * 4);
    await file.close();
    const sums = await checksums(out);
    for (const command of [
      ['predict', out, '--index', '0', ...fashion()],
      ['evaluate', out, ...fashion()],
    ]) {
      const result = await runKiln(command);
      assert.equal(result.code, 1, result.stdout);
      assert.match(
        result.stderr,
        /the saved model in .*damaged is damaged: weights\.bin does not match its checksum in weights\.sha256; restore the folder from a backup or train the model again/,
      );
      assert.doesNotMatch(result.stdout, /NaN/);
    }
    // A folder saved before Kiln stored checksums: the NaN the bytes decode to is caught on its own.
    await rm(join(out, 'weights.sha256'));
    const unchecked = await runKiln(['predict', out, '--index', '0', ...fashion()]);
    assert.equal(unchecked.code, 1);
    assert.match(unchecked.stderr, /the saved model in .*damaged is damaged: weight '.*' holds NaN at index \d+/);
    delete sums['weights.sha256'];
    assert.deepEqual(await checksums(out), sums);
  });

  test('ensemble members trained on different datasets are refused; members trained on other subsets are warned about', async () => {
    const fashionModel = join(root, 'fashion-model');
    assert.equal((await runKiln(trainFlags(fashionModel, '--limit', '40'))).code, 0);
    const cifarModel = join(root, 'cifar-model');
    const model = buildConvnet(tinySpec, { inputShape: [32, 32, 3], numClasses: 10, seed: 1 });
    await saveModel(model, cifarModel, {
      modelName: 'cifar',
      spec: tinySpec,
      inputShape: [32, 32, 3],
      classNames: [...'abcdefghij'],
      dataset: 'cifar10',
    });
    model.dispose();
    const out = join(root, 'mixed');
    const mixed = await runKiln(['ensemble', '--models', fashionModel, cifarModel, ...fashion(), '--out', out]);
    assert.equal(mixed.code, 2, mixed.stderr);
    assert.match(
      mixed.stderr,
      /the members were trained on different datasets: .*fashion-model on fashion-mnist \(28x28x1 images\), .*cifar-model on cifar10 \(32x32x3 images\); ensemble models trained on the same dataset/,
    );
    assert.doesNotMatch(mixed.stderr, /expected conv2d_input/);
    await assert.rejects(readdir(out), /ENOENT/);

    const other = join(root, 'other-subset');
    assert.equal((await runKiln(trainFlags(other, '--limit', '50'))).code, 0);
    const warned = await runKiln([
      'ensemble',
      '--models',
      fashionModel,
      other,
      ...fashion(),
      ...['--limit', '40', '--seed', '3', '--method', 'average', '--out', join(root, 'warned')],
    ]);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(
      warned.stderr,
      /kiln: warning: .*other-subset was trained with --limit 50 --seed 3 --validation-split 0\.2 but this ensemble holds out the rows of --limit 40 --seed 3 --validation-split 0\.2: those rows may include images it trained on/,
    );
    assert.doesNotMatch(warned.stderr, /fashion-model was trained with/);
    assert.match(warned.stdout, /^the ensemble's val acc is held out \(nothing was fitted on these rows\)$/m);
  });

  test('KILN_THREADS that is not a thread count is refused with what was received', async () => {
    for (const value of ['0', 'abc', '-2']) {
      const result = await runKiln(trainFlags(join(root, 'threads')), { env: { KILN_THREADS: value } });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`KILN_THREADS='${value}' is not a valid thread count: set it to a whole number of 1 or more`),
      );
    }
  });

  test('a Fashion-MNIST folder without --dataset says cifar10 is the default and which flag to pass', async () => {
    const result = await runKiln(['train', spec, '--data', data, '--epochs', '1', '--out', join(root, 'hint')]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /data_batch_1\.bin/);
    assert.match(
      result.stderr,
      /holds MNIST-format files \(Fashion-MNIST's or MNIST's\), and cifar10 is the default --dataset: pass --dataset fashion-mnist or --dataset mnist/,
    );
  });

  test('an error before the backend is chosen is not followed by tfjs-node advice', async () => {
    const notSpec = join(root, 'not-a-spec.json');
    await writeFile(notSpec, '{"layers": []}');
    const result = await runKiln(['train', notSpec, ...fashion()], { env: { KILN_BACKEND: undefined } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /not-a-spec\.json is not a valid ConvnetSpec/);
    assert.doesNotMatch(result.stderr + result.stdout, banner);
  });

  test(
    'only a missing path is "does not exist": a permission error says what the system said',
    {
      skip: process.getuid?.() !== 0 && 'needs root to run the CLI as another user',
    },
    async () => {
      const locked = join(root, 'locked');
      await mkdir(locked, { mode: 0o700 });
      await writeFile(join(locked, 'spec.json'), JSON.stringify(tinySpec));
      const asNobody = { uid: 65534, gid: 65534, env: { HOME: root, KILN_HOME: join(root, 'nobody-home') } };
      const specRead = await runKiln(['train', join(locked, 'spec.json')], asNobody);
      assert.equal(specRead.code, 2);
      assert.match(specRead.stderr, /cannot read model spec file .*spec\.json: EACCES: permission denied/);
      assert.doesNotMatch(specRead.stderr, /check the path|does not exist/);
      const missing = await runKiln(['train', join(root, 'nowhere.json')]);
      const writable = join(root, 'nobody-writes-here');
      await mkdir(writable);
      await chmod(writable, 0o777);
      assert.match(missing.stderr, /model spec file .*nowhere\.json does not exist: check the path/);

      const dataRead = await runKiln(
        ['train', spec, '--data', join(locked, 'data'), '--dataset', 'fashion-mnist', '--out', join(writable, 'm')],
        asNobody,
      );
      assert.equal(dataRead.code, 2);
      assert.match(dataRead.stderr, /--data .*locked\/data cannot be read: EACCES: permission denied/);
      assert.doesNotMatch(dataRead.stderr, /does not exist/);

      const members = await runKiln(
        ['ensemble', '--models', join(locked, 'm1'), join(locked, 'm2'), '--out', join(writable, 'e')],
        asNobody,
      );
      assert.equal(members.code, 2);
      assert.match(members.stderr, /--models .*locked\/m1 cannot be read: EACCES: permission denied/);
      assert.doesNotMatch(members.stderr, /does not exist/);
      assert.equal(await readFile(join(locked, 'spec.json'), 'utf8'), JSON.stringify(tinySpec));
    },
  );
});
