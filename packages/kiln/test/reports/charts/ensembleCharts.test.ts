import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensembleCharts, type EnsembleRecord } from '../../../src/reports/charts/ensembleCharts.js';
import { chartSvg } from '../../../src/reports/renderChart.js';

const record: EnsembleRecord = {
  method: 'select',
  state: { weights: [0.75, 0.25], rounds: 4 },
  members: [
    { name: 'a', test: { accuracy: 0.8, loss: 0.6, expectedCalibrationError: 0.05 } },
    { name: 'b', test: { accuracy: 0.7, loss: 0.9, expectedCalibrationError: 0.1 } },
  ],
  ensemble: { name: 'ensemble (select)', test: { accuracy: 0.85, loss: 0.5, expectedCalibrationError: 0.04 } },
  diversity: {
    disagreementMatrix: [
      [0, 0.2],
      [0.2, 0],
    ],
  },
  reliability: { a: [{ lower: 0.9, upper: 1, count: 10, confidence: 0.95, accuracy: 0.9 }] },
};

function values(spec: object): Record<string, unknown>[] {
  return (spec as { data: { values: Record<string, unknown>[] } }).data.values;
}

test('ensemble charts carry the recorded metrics, bins, disagreements and selection counts', async () => {
  const charts = ensembleCharts(record);
  assert.deepEqual(
    charts.map((chart) => chart.name),
    ['members-vs-ensemble', 'reliability', 'disagreement', 'weights'],
  );
  const metrics = values(charts[0]!.spec);
  assert.equal(metrics.length, 9);
  assert.deepEqual(
    metrics.find((row) => row.model === 'ensemble (select)' && row.metric === 'log loss'),
    { model: 'ensemble (select)', role: 'ensemble', metric: 'log loss', value: 0.5 },
  );
  const reliability = (charts[1]!.spec as { layer: { data: { values: object[] } }[] }).layer[1]!.data.values;
  assert.deepEqual(reliability, [{ model: 'a', lower: 0.9, upper: 1, count: 10, confidence: 0.95, accuracy: 0.9 }]);
  assert.deepEqual(
    values(charts[2]!.spec).map((row) => row.disagreement),
    [0, 0.2, 0.2, 0],
  );
  assert.deepEqual(values(charts[3]!.spec), [
    { model: 'a', weight: 0.75, selections: 3 },
    { model: 'b', weight: 0.25, selections: 1 },
  ]);
  for (const chart of charts) assert.match(await chartSvg(chart.spec), /^<svg/, chart.name);
});
