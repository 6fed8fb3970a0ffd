import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { setupBackend } from '../../src/backend/select.js';
import {
  BackupAndRestore,
  CSVLogger,
  EarlyStopping,
  LambdaCallback,
  LearningRateScheduler,
  ModelCheckpoint,
  type Callback,
} from '../../src/callbacks/index.js';
import { buildConvnet, type ConvnetSpec } from '../../src/models/index.js';
import { CosineDecay, getLearningRate } from '../../src/optimizers/index.js';
import { fit, type FitOptions } from '../../src/training/index.js';
import { darkAndBrightImages } from '../training/syntheticImages.js';

// Dropout and RMSprop: the mask stream and the optimizer's slots must both resume.
const spec: ConvnetSpec = {
  convolution: 'regular',
  blocks: [{ filters: [4], maxPooling: true, dropout: 0.25 }],
  batchNormalization: true,
  head: 'flatten',
  dense: [{ units: 8, dropout: 0.5 }],
  optimizer: { name: 'rmsprop', learningRate: 0.01 },
};
const images = darkAndBrightImages(48);
const makeModel = () => buildConvnet(spec, { inputShape: [8, 8, 3], numClasses: 2, seed: 3 });
const schedule = new CosineDecay({ initialLearningRate: 0.001, decaySteps: 12, warmupSteps: 4, warmupTarget: 0.02 });
// 48 images, 0.25 held out: 36 to train, 5 batches of 8 (the last of 4) an epoch.
const options: FitOptions = { epochs: 3, batchSize: 8, validationSplit: 0.25, verbose: 0, seed: 11 };

class Interrupted extends Error {}

/** Throws (a stand-in for a kill) when fit reaches `epoch` at `batch`, after the backups so far. */
function interruptAt(epoch: number, batch: number): Callback {
  let current = 0;
  return new LambdaCallback({
    onEpochBegin: (e) => void (current = e),
    onBatchBegin: (b) => {
      if (current === epoch && b === batch) throw new Interrupted(`interrupted at epoch ${epoch}, batch ${batch}`);
    },
  });
}

const weightsOf = (model: tfl.LayersModel): number[][] => model.getWeights().map((w) => Array.from(w.dataSync()));

async function uninterrupted(): Promise<{ weights: number[][]; loss: number[]; newTensors: number }> {
  const model = makeModel();
  const before = tf.memory().numTensors;
  // Backing up (without restoring) changes nothing; RMSprop's getWeights adds its momentum slots, as in the resumed run.
  const backupDir = join(await mkdtemp(join(tmpdir(), 'kiln-backup-')), 'backup');
  const history = await fit(model, images, {
    ...options,
    callbacks: [new LearningRateScheduler(schedule), new BackupAndRestore({ backupDir, saveFreq: 2 })],
  });
  return { weights: weightsOf(model), loss: history.history.loss, newTensors: tf.memory().numTensors - before };
}

describe('BackupAndRestore', () => {
  before(async () => {
    await setupBackend('cpu');
  });

  test('a run interrupted mid-epoch and resumed ends with the weights and history of an uninterrupted one', async () => {
    const expected = await uninterrupted();
    const backupDir = join(await mkdtemp(join(tmpdir(), 'kiln-backup-')), 'backup');
    const backup = () => new BackupAndRestore({ backupDir, saveFreq: 2 });
    await assert.rejects(
      fit(makeModel(), images, {
        ...options,
        callbacks: [new LearningRateScheduler(schedule), backup(), interruptAt(1, 3)],
      }),
      Interrupted,
    );
    // The last backup was taken after batch 2 of epoch 1 (every 2 batches).
    const model = makeModel();
    const resumed = backup();
    const batches: string[] = [];
    const before = tf.memory().numTensors;
    const history = await fit(model, images, {
      ...options,
      callbacks: [
        new LearningRateScheduler(schedule),
        resumed,
        new LambdaCallback({ onBatchBegin: (b) => void batches.push(`${model.optimizer.iterations}:${b}`) }),
      ],
    });
    assert.deepEqual(resumed.restoredFrom, { epoch: 1, batch: 2 });
    // Steps 7..14: epoch 1's batches 2-4, then epoch 2's five.
    assert.deepEqual(batches, ['7:2', '8:3', '9:4', '10:0', '11:1', '12:2', '13:3', '14:4']);
    assert.deepEqual(history.epoch, [0, 1, 2]);
    assert.deepEqual(history.history.loss, expected.loss);
    assert.deepEqual(weightsOf(model), expected.weights);
    assert.equal(tf.memory().numTensors - before, expected.newTensors, 'the restore leaks no tensors');
    // Training ended: the backup is gone (Keras' delete_checkpoint).
    assert.deepEqual(await readdir(join(backupDir, '..')), []);
  });

  test('no epoch runs twice: a backup at the end of an epoch resumes at the next', async () => {
    const backupDir = join(await mkdtemp(join(tmpdir(), 'kiln-backup-')), 'b');
    await assert.rejects(
      fit(makeModel(), images, { ...options, callbacks: [new BackupAndRestore({ backupDir }), interruptAt(2, 0)] }),
      Interrupted,
    );
    const begun: number[] = [];
    let batches = 0;
    const history = await fit(makeModel(), images, {
      ...options,
      callbacks: [
        new BackupAndRestore({ backupDir }),
        new LambdaCallback({ onEpochBegin: (e) => void begun.push(e), onBatchEnd: () => void batches++ }),
      ],
    });
    assert.deepEqual(begun, [2]);
    assert.equal(batches, 5);
    assert.deepEqual(history.epoch, [0, 1, 2]);
  });

  test("the callbacks' state survives a restore: ModelCheckpoint's best, EarlyStopping's wait and best, CSVLogger's rows", async () => {
    const root = await mkdtemp(join(tmpdir(), 'kiln-backup-'));
    const callbacks = () => ({
      checkpoint: new ModelCheckpoint({ filepath: join(root, 'best'), saveBestOnly: true, monitor: 'loss' }),
      stopping: new EarlyStopping({ monitor: 'loss', patience: 5 }),
      csv: new CSVLogger(join(root, 'history.csv'), { append: true }),
      backup: new BackupAndRestore({ backupDir: join(root, 'backup') }),
    });
    const first = callbacks();
    await assert.rejects(
      fit(makeModel(), images, { ...options, callbacks: [...Object.values(first), interruptAt(2, 1)] }),
      Interrupted,
    );
    const bestBefore = first.checkpoint.best;
    assert.ok(bestBefore !== undefined && Number.isFinite(bestBefore));
    // Seen at the start of the resumed epoch, after the restore.
    const second = callbacks();
    let seen: unknown[] = [];
    await fit(makeModel(), images, {
      ...options,
      callbacks: [
        ...Object.values(second),
        new LambdaCallback({
          onEpochBegin: () =>
            void (seen = [second.checkpoint.best, second.stopping.best, second.stopping.wait, second.csv.rows]),
        }),
      ],
    });
    assert.deepEqual(seen, [bestBefore, first.stopping.best, first.stopping.wait, 2]);
    const rows = (await readFile(join(root, 'history.csv'), 'utf8')).trimEnd().split('\n');
    assert.deepEqual(
      rows.map((row) => row.split(',')[0]),
      ['epoch', '0', '1', '2'],
    );
  });

  test("the learning-rate schedule and the optimizer's iteration count resume", async () => {
    const backupDir = join(await mkdtemp(join(tmpdir(), 'kiln-backup-')), 'b');
    await assert.rejects(
      fit(makeModel(), images, {
        ...options,
        callbacks: [new LearningRateScheduler(schedule), new BackupAndRestore({ backupDir }), interruptAt(1, 1)],
      }),
      Interrupted,
    );
    const model = makeModel();
    let first: [number, number] | undefined;
    await fit(model, images, {
      ...options,
      callbacks: [
        new BackupAndRestore({ backupDir }),
        new LearningRateScheduler(schedule),
        new LambdaCallback({
          onBatchEnd: () => void (first ??= [model.optimizer.iterations, getLearningRate(model.optimizer)]),
        }),
      ],
    });
    // Resumed at epoch 1, batch 0 = step 5; the step run was the schedule's step 5.
    assert.deepEqual(first, [6, schedule.call(5)]);
  });

  test('a backup of another run is refused with a message saying what differs', async () => {
    const backupDir = join(await mkdtemp(join(tmpdir(), 'kiln-backup-')), 'b');
    const fingerprint = { model: 'tiny', dataset: 'dark-and-bright' };
    await assert.rejects(
      fit(makeModel(), images, {
        ...options,
        callbacks: [new BackupAndRestore({ backupDir, fingerprint }), interruptAt(1, 0)],
      }),
      Interrupted,
    );
    await assert.rejects(
      fit(makeModel(), images, {
        ...options,
        batchSize: 6,
        callbacks: [new BackupAndRestore({ backupDir, fingerprint: { ...fingerprint, model: 'other' } })],
      }),
      /made by a different run \(batchesPerEpoch 5 there, 6 here; batchSize 8 there, 6 here; model "tiny" there, "other" here\): run with the same arguments/,
    );
  });

  test('a kill during a write leaves the previous backup usable; a cut-short backup is an error', async () => {
    const backupDir = join(await mkdtemp(join(tmpdir(), 'kiln-backup-')), 'b');
    await assert.rejects(
      fit(makeModel(), images, { ...options, callbacks: [new BackupAndRestore({ backupDir }), interruptAt(1, 0)] }),
      Interrupted,
    );
    // What a kill in the middle of the next save leaves: a partial temp file beside the backup.
    await writeFile(join(backupDir, '.backup.kiln.tmp-0123abcd'), 'KILNTNS1 partial');
    const resumed = new BackupAndRestore({ backupDir, deleteCheckpoint: false });
    await fit(makeModel(), images, { ...options, callbacks: [resumed] });
    assert.deepEqual(resumed.restoredFrom, { epoch: 1, batch: 0 });
    assert.deepEqual(await readdir(backupDir), ['backup.kiln']);
    const { size } = await stat(join(backupDir, 'backup.kiln'));
    await truncate(join(backupDir, 'backup.kiln'), size - 100);
    await assert.rejects(
      fit(makeModel(), images, { ...options, callbacks: [new BackupAndRestore({ backupDir })] }),
      /backup\.kiln is not a whole Kiln tensor file \(\d+ bytes, expected \d+\)/,
    );
  });
});
