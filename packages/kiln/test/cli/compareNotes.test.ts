import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNotes } from '../../src/cli/compareNotes.js';
import { getModelSpec } from '../../src/models/index.js';
import type { ModelRun } from '../../src/reports/index.js';

const run = (model: string, testAccuracy: number, steps = 1000): ModelRun => ({
  model,
  spec: getModelSpec(model),
  parameters: 0,
  epochs: 1,
  steps,
  trainSeconds: 1,
  imagesPerSecond: 1,
  testLoss: 1,
  testAccuracy,
  history: { epoch: [], history: { loss: [], acc: [], mae: [], val_loss: [], val_acc: [], val_mae: [], lr: [] } },
  savedTo: '',
});

test('good runs and a better ensemble need no notes', () => {
  assert.deepEqual(compareNotes([run('separable', 0.55), run('regular', 0.6)], 0.65, 10), []);
});

test('explains Adadelta at learning rate 1.0', () => {
  assert.match(
    compareNotes([run('regular-adadelta', 0.6)], 0.6, 10)[0],
    /learning rate 1.0, the default of Keras 2.2 .* tf.keras 2\+ defaults to 0.001/,
  );
});

test('flags BatchNormalization models trained for too few steps', () => {
  const notes = compareNotes([run('separable-bn', 0.5, 96), run('regular-bn', 0.5, 2000)], 0.55, 10);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /^separable-bn took only 96 steps: its BatchNormalization moving averages/);
});

test('flags models at chance level and an ensemble worse than its best member', () => {
  const notes = compareNotes([run('separable', 0.1, 96), run('regular', 0.3)], 0.28, 10);
  assert.deepEqual(
    notes.map((note) => note.slice(0, 30)),
    ['separable is at chance level (', 'the ensemble is less accurate '],
  );
});
