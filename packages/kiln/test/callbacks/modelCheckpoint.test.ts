import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../../src/backend/select.js';
import { loadWeights, ModelCheckpoint } from '../../src/callbacks/index.js';
import { buildConvnet } from '../../src/models/index.js';
import { tinySpec } from '../training/syntheticImages.js';
import { driveEpochs, valLosses } from './driveCallbacks.js';

const tinyModel = (seed = 1) => buildConvnet(tinySpec, { inputShape: [8, 8, 3], numClasses: 2, seed });

before(async () => {
  await setupBackend('cpu');
});

test('saveBestOnly saves at the epochs that improve the monitored metric, named by the template', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kiln-ckpt-'));
  const checkpoint = new ModelCheckpoint({
    filepath: join(dir, 'model-{epoch:02d}-{val_loss:.2f}'),
    saveBestOnly: true,
  });
  await driveEpochs([checkpoint], tinyModel(), valLosses(0.9, 0.7, 0.8, 0.6));
  assert.deepEqual((await readdir(dir)).sort(), ['model-01-0.90', 'model-02-0.70', 'model-04-0.60']);
  assert.deepEqual((await readdir(join(dir, 'model-04-0.60'))).sort(), ['model.json', 'weights.bin', 'weights.sha256']);
  assert.equal(checkpoint.best, 0.6);
});

test('saveWeightsOnly writes one file that loadWeights puts back; every epoch without saveBestOnly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kiln-ckpt-'));
  const model = tinyModel();
  const checkpoint = new ModelCheckpoint({ filepath: join(dir, 'last.weights.bin'), saveWeightsOnly: true });
  const mark = (epoch: number) => model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, epoch + 1)));
  await driveEpochs([checkpoint], model, valLosses(0.5, 0.9), mark);
  assert.deepEqual(await readdir(dir), ['last.weights.bin']);
  const other = tinyModel(2);
  await loadWeights(other, join(dir, 'last.weights.bin'));
  for (const weight of other.getWeights()) assert.ok(weight.dataSync().every((value) => value === 2));
  const wider = buildConvnet(
    { ...tinySpec, blocks: [{ filters: [5], maxPooling: true }] },
    { inputShape: [8, 8, 3], numClasses: 2 },
  );
  await assert.rejects(
    loadWeights(wider, join(dir, 'last.weights.bin')),
    /does not fit this model: weight 0 .* shape \[3, 3, 3, 5\], the saved one \[3, 3, 3, 4\]/,
  );
});
