import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainingCharts } from '../../../src/reports/charts/trainingCharts.js';
import type { ModelRun } from '../../../src/reports/index.js';
import { chartSvg } from '../../../src/reports/renderChart.js';

const run: ModelRun = {
  model: 'tiny',
  spec: {
    convolution: 'regular',
    blocks: [],
    batchNormalization: false,
    head: 'flatten',
    dense: [],
    optimizer: { name: 'adam' },
  },
  parameters: 10,
  epochs: 2,
  steps: 4,
  trainSeconds: 1,
  imagesPerSecond: 10,
  testLoss: 1.5,
  testAccuracy: 0.4,
  history: {
    epoch: [0, 1],
    history: {
      loss: [2.1, 1.7],
      acc: [0.2, 0.35],
      mae: [],
      val_loss: [2.0, 1.8],
      val_acc: [0.25, 0.3],
      val_mae: [],
      lr: [],
    },
  },
  savedTo: 'x',
  diagnostics: {
    classNames: ['cat', 'dog'],
    confusionMatrix: [
      [3, 1],
      [2, 4],
    ],
    confidentlyWrong: [{ index: 7, label: 'cat', predicted: 'dog', confidence: 0.9, png: 'iVBORw0KGgo=' }],
  },
};

function values(spec: object): Record<string, unknown>[] {
  return (spec as { data: { values: Record<string, unknown>[] } }).data.values;
}

test('learning curves hold every epoch of loss and accuracy, train and validation, as recorded', () => {
  const [curves] = trainingCharts([run]);
  const rows = values(curves!.spec);
  const pick = (metric: string, split: string) =>
    rows.filter((row) => row.metric === metric && row.split === split).map((row) => [row.epoch, row.value]);
  assert.deepEqual(pick('loss', 'train'), [
    [1, 2.1],
    [2, 1.7],
  ]);
  assert.deepEqual(pick('loss', 'validation'), [
    [1, 2.0],
    [2, 1.8],
  ]);
  assert.deepEqual(pick('accuracy', 'train'), [
    [1, 0.2],
    [2, 0.35],
  ]);
  assert.deepEqual(pick('accuracy', 'validation'), [
    [1, 0.25],
    [2, 0.3],
  ]);
});

test('the learning rate is drawn only when the history recorded one', () => {
  assert.ok(!trainingCharts([run]).some((chart) => chart.name === 'learning-rate'));
  const scheduled = {
    ...run,
    history: { ...run.history, history: { ...run.history.history, lr: [0.1, 0.05] } },
  } as ModelRun;
  const chart = trainingCharts([scheduled]).find((c) => c.name === 'learning-rate')!;
  assert.deepEqual(
    values(chart.spec).map((row) => row.lr),
    [0.1, 0.05],
  );
});

test('the confusion matrix and the confidently wrong grid show the recorded counts and images', async () => {
  const charts = trainingCharts([run]);
  const confusion = charts.find((chart) => chart.name === 'confusion-tiny')!;
  assert.deepEqual(values(confusion.spec), [
    { actual: 'cat', predicted: 'cat', count: 3 },
    { actual: 'cat', predicted: 'dog', count: 1 },
    { actual: 'dog', predicted: 'cat', count: 2 },
    { actual: 'dog', predicted: 'dog', count: 4 },
  ]);
  const wrong = charts.find((chart) => chart.name === 'confidently-wrong-tiny')!;
  assert.deepEqual(
    values(wrong.spec).map((row) => row.caption),
    ['#7: cat → dog (0.90)'],
  );
  const svg = await chartSvg(confusion.spec);
  assert.match(svg, /^<svg/);
  assert.match(svg, />4<\/text>/);
});
