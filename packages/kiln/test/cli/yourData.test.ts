import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isOneDnnAvailable } from 'tfjs-backend-onednn';
import { keras3Functional } from '../models/fixtures/kerasJson.js';
import { tableRows, writeCsv, writeImageFolder } from '../support/userData.js';
import { runKiln } from './runKiln.js';

/** A user's model module: build(context) reads the data's shape and, when tuning, the trial. */
const userModule = `
export async function build({ tfl, inputShape, outputs, task, trial }) {
  const units = trial ? await trial.suggestInt('units', 4, 32, { log: true }) : 16;
  const rate = trial ? await trial.suggestFloat('dropout', 0, 0.3) : 0.1;
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [...inputShape], units, activation: 'relu' }));
  model.add(tfl.layers.batchNormalization());
  model.add(tfl.layers.dropout({ rate }));
  model.add(tfl.layers.dense({ units: outputs, activation: task === 'classification' ? 'softmax' : 'linear' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}
`;

describe('kiln CLI on your data: an image folder, tables, your model; train, tune, ensemble, predict', () => {
  let root: string;
  const backend = isOneDnnAvailable().available ? 'onednn' : 'cpu';
  const common = ['--backend', backend, '--seed', '5', '--verbose', '2'];
  const previousHome = process.env.KILN_HOME;
  const path = (...parts: string[]) => join(root, ...parts);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-your-data-'));
    process.env.KILN_HOME = path('home');
    await writeImageFolder(path('photos'));
    await writeCsv(path('train.csv'), tableRows(200));
    await writeCsv(path('test.csv'), tableRows(40, 200, { unseenColor: true }));
    await writeFile(path('my-model.ts'), userModule);
  });
  after(async () => {
    if (previousHome === undefined) delete process.env.KILN_HOME;
    else process.env.KILN_HOME = previousHome;
    await rm(root, { recursive: true, force: true });
  });

  test('train resnet on an image folder: the corrupt file is named, or skipped and counted; mixed sizes need --image-size', async () => {
    const flags = ['--data', path('photos'), '--test-split', '0.3', '--epochs', '1', '--batch-size', '4', ...common];
    const corrupt = await runKiln(['train', 'resnet', ...flags, '--image-size', '8,8']);
    assert.equal(corrupt.code, 2, corrupt.stderr);
    assert.match(corrupt.stderr, /broken\.png: cannot be decoded as an image.*--skip-bad-images/);
    const sizes = await runKiln(['train', 'resnet', ...flags, '--skip-bad-images']);
    assert.equal(sizes.code, 2, sizes.stderr);
    assert.match(sizes.stderr, /different sizes.*--image-size/);
    const out = path('runs', 'r1');
    const trained = await runKiln([
      'train',
      'resnet',
      ...flags,
      '--skip-bad-images',
      '--image-size',
      '8,8',
      '--out',
      out,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /^Test loss: \d+\.\d{4}\nTest accuracy: \d\.\d{4}\nSaved to /);
    assert.match(trained.stderr, /skipped 1 image\(s\).*broken\.png/);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    assert.deepEqual(run.classNames, ['cat', 'dog', 'zebra']);
    assert.equal(run.trainExamples + run.testExamples, 14);
    assert.match(run.fingerprint, /^sha256:[0-9a-f]{16}$/);
    const predicted = await runKiln(['predict', out, '--data', path('photos', 'dog'), ...common]);
    assert.equal(predicted.code, 0, predicted.stderr);
    const lines = predicted.stdout.trim().split('\n');
    assert.equal(lines[0], 'file,prediction,cat,dog,zebra');
    assert.equal(lines.length, 1 + 7);
    assert.match(lines[1]!, /^d\.bmp,(cat|dog|zebra),/);
  });

  test('train mlp on a CSV with a test CSV, then predict raw rows (a color unseen in training included) to CSV', async () => {
    const out = path('runs', 'm1');
    const flags = ['--data', path('train.csv'), '--test-data', path('test.csv'), '--target', 'species'];
    const trained = await runKiln([
      'train',
      'mlp',
      ...flags,
      '--epochs',
      '15',
      '--batch-size',
      '16',
      '--out',
      out,
      ...common,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    const accuracy = Number(/Test accuracy: (\d\.\d+)/.exec(trained.stdout)?.[1]);
    assert.ok(accuracy > 0.6, `mlp learns the species: test accuracy ${accuracy}`);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    assert.equal(run.task, 'classification');
    assert.deepEqual(run.classNames, ['alpha', 'beta', 'gamma']);
    assert.equal(run.preprocessing.target, 'species');
    const predicted = await runKiln(['predict', out, '--data', path('test.csv'), ...common]);
    assert.equal(predicted.code, 0, predicted.stderr);
    const lines = predicted.stdout.trim().split('\n');
    assert.equal(lines[0], 'prediction,alpha,beta,gamma');
    assert.equal(lines.length, 41);
    const evaluated = await runKiln(['evaluate', out, '--data', path('test.csv'), ...common]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.match(evaluated.stdout, new RegExp(`Test accuracy: ${accuracy.toFixed(4)}`));
    const noTarget = await runKiln(['train', 'mlp', '--data', path('train.csv'), ...common]);
    assert.equal(noTarget.code, 2);
    assert.match(noTarget.stderr, /--target COLUMN/);
  });

  test('train a build(context) module and a Keras 3 model JSON on a regression target: Test mae', async () => {
    const flags = ['--data', path('train.csv'), '--target', 'price', '--epochs', '10', '--batch-size', '16', ...common];
    const fromModule = await runKiln(['train', path('my-model.ts'), ...flags, '--out', path('runs', 'p1')]);
    assert.equal(fromModule.code, 0, fromModule.stderr);
    assert.match(fromModule.stdout, /^Test loss: \d+\.\d{4}\nTest mae: \d+\.\d{4}\n/);
    const predicted = await runKiln(['predict', path('runs', 'p1'), '--data', path('test.csv'), ...common]);
    const values = predicted.stdout.trim().split('\n').slice(1).map(Number);
    assert.equal(values.length, 40);
    assert.ok(
      values.every((value) => value > 60 && value < 160),
      'predictions are prices',
    );

    // price's table has 9 features after preprocessing: x, its missing flag, 3 colors and a flag, 3 species.
    const keras = structuredClone(keras3Functional);
    const inputLayer = keras.config.layers[0]!;
    assert.ok('batch_shape' in inputLayer.config, 'the first layer is the input layer');
    inputLayer.config.batch_shape = [null, 9];
    await writeFile(path('keras3.json'), JSON.stringify(keras));
    const fromJson = await runKiln(['train', path('keras3.json'), ...flags, '--out', path('runs', 'k1')]);
    assert.equal(fromJson.code, 0, fromJson.stderr);
    assert.match(fromJson.stdout, /Test mae: \d+\.\d{4}/);
    const saved = JSON.parse(await readFile(path('runs', 'k1', 'model.json'), 'utf8'));
    assert.equal(saved.userDefinedMetadata.kiln.loss, 'meanAbsoluteError', "compile_config's loss is kept");
  });

  test('tune a build(context) module (context.trial), ensemble the best trials by stacking, predict new rows', async () => {
    const storage = `sqlite:${path('studies.db')}`;
    const tuned = await runKiln([
      'tune',
      path('my-model.ts'),
      '--data',
      path('train.csv'),
      '--target',
      'species',
      '--trials',
      '3',
      '--epochs',
      '2',
      '--storage',
      storage,
      ...common,
    ]);
    assert.equal(tuned.code, 0, tuned.stderr);
    assert.match(tuned.stdout, /trial 0 COMPLETE val_acc \d\.\d{4} \d+\.\ds dropout=\S+ units=\d+/);
    assert.match(tuned.stdout, /3 trials: \d COMPLETE/);
    const ens = path('runs', 'ens');
    const ensembled = await runKiln([
      'ensemble',
      '--study',
      'my-model',
      '--top',
      '2',
      '--method',
      'stack',
      '--storage',
      storage,
      '--out',
      ens,
      ...common,
    ]);
    assert.equal(ensembled.code, 0, ensembled.stderr);
    assert.match(ensembled.stdout, /ensemble \(stack\)/);
    const predicted = await runKiln(['predict', ens, '--data', path('test.csv'), ...common]);
    assert.equal(predicted.code, 0, predicted.stderr);
    const lines = predicted.stdout.trim().split('\n');
    assert.equal(lines[0], 'prediction,alpha,beta,gamma');
    assert.equal(lines.length, 41);
    assert.ok(lines.slice(1).every((line) => /^(alpha|beta|gamma),/.test(line)));
  });

  test('tune a build(context) module from another study (--warm-start) and known-good configurations (--enqueue)', async () => {
    const storage = `sqlite:${path('warm.db')}`;
    const tune = (study: string, trials: number, ...more: string[]) =>
      runKiln([
        'tune',
        path('my-model.ts'),
        ...['--data', path('train.csv'), '--target', 'species', '--trials', String(trials), '--epochs', '1'],
        ...['--study', study, '--storage', storage, ...common, ...more],
      ]);
    const source = await tune('first-task', 2);
    assert.equal(source.code, 0, source.stderr);
    const warm = await tune('second-task', 1, '--warm-start', 'first-task', '--enqueue', '{"units":8}');
    assert.equal(warm.code, 0, warm.stderr);
    assert.match(warm.stdout, /warm start: 2 finished trial\(s\) of study 'first-task' copied/);
    assert.match(warm.stdout, /^enqueued: 1 of 1 configuration\(s\) to try first$/m);
    assert.match(warm.stdout, /^trial 2 COMPLETE val_acc \d\.\d{4} \d+\.\ds dropout=\S+ units=8$/m);
  });

  test('tune a build(context) module on several objectives: values per trial and the Pareto front', async () => {
    const storage = `sqlite:${path('pareto.db')}`;
    const tuned = await runKiln([
      'tune',
      path('my-model.ts'),
      ...['--data', path('train.csv'), '--target', 'species', '--trials', '3', '--epochs', '1'],
      ...['--objectives', 'val_loss,parameters', '--study', 'pareto', '--storage', storage, ...common],
    ]);
    assert.equal(tuned.code, 0, tuned.stderr);
    assert.match(tuned.stdout, /objectives val_loss, parameters/);
    assert.match(tuned.stdout, /^trial 0 COMPLETE val_loss \d+\.\d{4} parameters \d+ /m);
    assert.match(
      tuned.stdout,
      /Pareto front: [123] trials? no other trial beats on every objective \(val_loss, parameters\)/,
    );
    const single = await runKiln(['tune', path('my-model.ts'), '--objectives', 'latency', '--storage', storage]);
    assert.equal(single.code, 2);
    assert.match(single.stderr, /one objective for a MODEL is its validation score/);
  });
});
