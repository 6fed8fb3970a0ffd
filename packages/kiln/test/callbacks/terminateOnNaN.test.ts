import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/backend/select.js';
import { TerminateOnNaN } from '../../src/callbacks/index.js';
import { buildConvnet } from '../../src/models/index.js';
import { fit } from '../../src/training/index.js';
import { darkAndBrightImages, tinySpec } from '../training/syntheticImages.js';

before(async () => {
  await setupBackend('cpu');
});

test('TerminateOnNaN stops at the first batch whose loss is not finite, and says so', async () => {
  const model = buildConvnet(
    { ...tinySpec, optimizer: { name: 'sgd', learningRate: 1e30 } },
    { inputShape: [8, 8, 3], numClasses: 2, seed: 1 },
  );
  const stream = new PassThrough();
  let said = '';
  stream.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const history = await fit(model, darkAndBrightImages(64), {
    epochs: 5,
    batchSize: 8,
    verbose: 0,
    seed: 1,
    callbacks: [new TerminateOnNaN(stream)],
  });
  assert.equal(history.epoch.length, 1, 'training should stop within the first epoch');
  assert.match(said, /^Batch \d+: Invalid loss, terminating training\n$/);
  assert.ok(!Number.isFinite(history.history.loss[0]!));
});
