import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { trainingReport } from '../../src/reports/index.js';
import { runKiln } from './runKiln.js';
import { writeTinyFashionRun } from './support.js';

describe('kiln train: callbacks flags', () => {
  let root: string;
  let data: string;
  let spec: string;
  const flags = (): string[] => ['--data', data, '--dataset', 'fashion-mnist', '--seed', '3', '--batch-size', '16'];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiln-cli-callbacks-'));
    ({ data, spec } = await writeTinyFashionRun(root));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('--early-stopping, --checkpoint best and --lr-schedule: the run folder keeps history.csv and the best model; the backup goes once done', async () => {
    const out = join(root, 'runs', 'trained');
    const train = await runKiln([
      'train',
      spec,
      ...flags(),
      '--epochs',
      '5',
      '--early-stopping',
      '1',
      '--checkpoint',
      'best',
      '--lr-schedule',
      'cosine',
      '--verbose',
      '2',
      '--out',
      out,
    ]);
    assert.equal(train.code, 0, train.stderr);
    assert.deepEqual((await readdir(out)).sort(), [
      'best',
      'history.csv',
      'model.json',
      'run.json',
      'weights.bin',
      'weights.sha256',
    ]);
    // 5 epochs turn backups on; once done, neither the workspace nor the record of the run is left.
    assert.deepEqual(await readdir(join(root, 'runs')), ['trained']);
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    const rows = (await readFile(join(out, 'history.csv'), 'utf8')).trimEnd().split('\n');
    assert.equal(rows[0], 'epoch,acc,loss,lr,val_acc,val_loss');
    assert.equal(rows.length - 1, run.history.epoch.length);
    assert.deepEqual(
      rows.slice(1).map((row) => Number(row.split(',')[5])),
      run.history.history.val_loss,
    );
    // The schedule's rate per epoch, in run.json and history.csv alike: warming up, then decaying.
    const rates: number[] = run.history.history.lr;
    assert.equal(rates.length, run.history.epoch.length);
    assert.deepEqual(
      rows.slice(1).map((row) => Number(row.split(',')[3])),
      rates,
    );
    assert.ok(rates.length >= 2 && rates.at(-1)! < Math.max(...rates), rates.join(' '));
    // kiln report draws it, from exactly those values.
    const report = await runKiln(['report', out, '--out', join(root, 'trained-report')]);
    assert.equal(report.code, 0, report.stderr);
    assert.ok((await readdir(join(root, 'trained-report', 'charts'))).includes('learning-rate.svg'));
    const chart = trainingReport(run).charts.find((c) => c.name === 'learning-rate')!;
    const drawn = (chart.spec as unknown as { data: { values: { epoch: number; lr: number }[] } }).data.values;
    assert.deepEqual(
      drawn.map((row) => [row.epoch, row.lr]),
      rates.map((rate, index) => [run.history.epoch[index] + 1, rate]),
    );
    const evaluate = await runKiln(['evaluate', join(out, 'best'), '--data', data]);
    assert.equal(evaluate.code, 0, evaluate.stderr);
    // EarlyStopping restored the best epoch's weights, which the best checkpoint holds too.
    const final = await runKiln(['evaluate', out, '--data', data]);
    assert.equal(/^Test loss: .*$/m.exec(evaluate.stdout)?.[0], /^Test loss: .*$/m.exec(final.stdout)?.[0]);
  });

  test('--lr-schedule with --reduce-lr-on-plateau is a usage error', async () => {
    const train = await runKiln([
      'train',
      spec,
      ...flags(),
      '--epochs',
      '1',
      '--lr-schedule',
      'step',
      '--reduce-lr-on-plateau',
      '--out',
      join(root, 'both'),
    ]);
    assert.equal(train.code, 2);
    assert.match(train.stderr, /--lr-schedule and --reduce-lr-on-plateau both set the learning rate: choose one/);
  });
});
