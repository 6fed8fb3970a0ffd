import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCompareReport, type CompareResults, type ModelRun } from '../../src/reports/index.js';

const run = (model: string, testAccuracy: number): ModelRun => ({
  model,
  spec: {
    convolution: 'regular',
    blocks: [],
    batchNormalization: false,
    head: 'flatten',
    dense: [],
    optimizer: { name: 'rmsprop' },
  },
  parameters: 1626442,
  epochs: 12,
  steps: 12 * 16,
  trainSeconds: 83.25,
  imagesPerSecond: 5765.4,
  testLoss: 0.91234,
  testAccuracy,
  history: {
    epoch: [0],
    history: { loss: [1], acc: [0.5], mae: [], val_loss: [1], val_acc: [0.5], val_mae: [], lr: [] },
  },
  savedTo: `runs/x/${model}`,
});

test('formatCompareReport prints the setup, one row per model, the ensemble and the notes', () => {
  const results: CompareResults = {
    dataset: 'cifar10',
    backend: 'onednn',
    trainImages: 2000,
    testImages: 400,
    validationSplit: 0.2,
    batchSize: 128,
    seed: 7,
    createdAt: '2026-11-25T00:00:00.000Z',
    models: [run('separable', 0.55), run('regular', 0.6)],
    ensemble: { members: ['separable', 'regular'], testLoss: 0.8, testAccuracy: 0.625 },
    notes: ['a caveat'],
  };
  const lines = formatCompareReport(results).split('\n');
  assert.equal(
    lines[0],
    'cifar10: 2000 training images (20% of them for validation), 400 test images, batch size 128, seed 7, backend onednn',
  );
  assert.match(lines[2], /^model +params +epochs +train s +images\/s +test loss +test acc$/);
  assert.match(lines[4], /^separable +1,626,442 +12 +83\.3 +5765\.4 +0\.9123 +0\.5500$/);
  assert.match(lines[5], /^regular +1,626,442 +12 +83\.3 +5765\.4 +0\.9123 +0\.6000$/);
  assert.equal(lines[7], 'ensemble (mean of separable, regular probabilities): test loss 0.8000, test acc 0.6250');
  assert.equal(lines[8], 'note: a caveat');
});
