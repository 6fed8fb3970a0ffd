import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paretoFront } from '../../../src/reports/charts/paretoFrontChart.js';
import { historyChart, historyRows, studyCharts } from '../../../src/reports/charts/studyCharts.js';
import { frozenTrial } from '../../tuning/frozenTrialFixture.js';
import { chartSvg } from '../../../src/reports/renderChart.js';
import type { FrozenTrial, TrialState } from '../../../src/tuning/index.js';

function trial(
  number: number,
  state: TrialState,
  value: number | null,
  x: number,
  kind: string,
  steps: number[] = [],
): FrozenTrial {
  return frozenTrial({
    trialId: number + 1,
    number,
    state,
    value,
    params: { x, kind },
    distributions: {
      x: { type: 'float', low: 0, high: 10, log: false },
      kind: { type: 'categorical', choices: ['a', 'b'] },
    },
    intermediateValues: new Map(steps.map((value, step) => [step + 1, value])),
    userAttrs: { worker: `w${number % 2}` },
    systemAttrs: {},
    datetimeStart: new Date(1_000_000 + number * 1000),
    datetimeComplete: state === 'RUNNING' ? null : new Date(1_000_500 + number * 1000),
  });
}

const trials = [
  trial(0, 'COMPLETE', 0.5, 1, 'a', [0.3, 0.5]),
  trial(1, 'COMPLETE', 0.7, 2, 'b', [0.4, 0.7]),
  trial(2, 'PRUNED', null, 9, 'a', [0.1]),
  trial(3, 'COMPLETE', 0.6, 3, 'a'),
  trial(4, 'FAIL', null, 5, 'b'),
  trial(5, 'COMPLETE', 0.9, 2.5, 'b'),
  trial(6, 'RUNNING', null, 4, 'a', [0.2]),
];

function datasets(spec: object): Record<string, Record<string, unknown>[]> {
  return (spec as { datasets: Record<string, Record<string, unknown>[]> }).datasets;
}

test('the history holds the COMPLETE values and the running best of the direction', () => {
  assert.deepEqual(
    historyRows(
      trials.map((t) => ({ number: t.number, state: t.state, value: t.value, start: null, complete: null })),
      'maximize',
    ),
    [
      { number: 0, value: 0.5, best: 0.5 },
      { number: 1, value: 0.7, best: 0.7 },
      { number: 3, value: 0.6, best: 0.7 },
      { number: 5, value: 0.9, best: 0.9 },
    ],
  );
});

test('a long history keeps every improvement of the best and a sample of the rest, within the point budget', () => {
  // Values fall slowly with noise: the best improves now and then over 10,000 trials.
  const summaries = Array.from({ length: 10_000 }, (_, number) => ({
    number,
    state: 'COMPLETE' as const,
    value: 1 / (1 + number / 100) + ((number * 7919) % 101) / 50,
    start: null,
    complete: null,
  }));
  const all = historyRows(summaries, 'minimize');
  const sampled = historyRows(summaries, 'minimize', 500);
  assert.ok(sampled.length <= 500 && sampled.length > 400, String(sampled.length));
  const improvements = all.filter((row, index) => index === 0 || row.best < all[index - 1]!.best);
  for (const row of improvements)
    assert.ok(
      sampled.some((kept) => kept.number === row.number),
      `improvement ${row.number} kept`,
    );
  assert.deepEqual(sampled.at(-1), all.at(-1));
  for (const row of sampled) assert.deepEqual(row, all[row.number]);
});

test('studyCharts draws every plot from the trials: intermediate values keep pruned trials, timeline has each worker', async () => {
  const charts = studyCharts({ direction: 'maximize', trials, now: 2_000_000 });
  assert.deepEqual(
    charts.map((chart) => chart.name),
    [
      'optimization-history',
      'intermediate-values',
      'param-importances',
      'parallel-coordinates',
      'slice',
      'contour',
      'timeline',
    ],
  );
  const byName = Object.fromEntries(charts.map((chart) => [chart.name, chart]));
  const intermediate = datasets(byName['intermediate-values']!.spec).intermediate!;
  assert.deepEqual(
    intermediate.filter((row) => row.state === 'PRUNED'),
    [{ number: 2, state: 'PRUNED', step: 1, value: 0.1 }],
  );
  assert.equal(intermediate.length, 6);
  const importances = datasets(byName['param-importances']!.spec).importances!;
  assert.deepEqual(importances.map((row) => row.param).sort(), ['kind', 'x']);
  const parallel = datasets(byName['parallel-coordinates']!.spec).parallel!;
  assert.deepEqual(
    parallel.filter((row) => row.axis === 'x').map((row) => [row.number, row.position]),
    [
      [0, 0.1],
      [1, 0.2],
      [3, 0.3],
      [5, 0.25],
    ],
  );
  const slices = datasets(byName.slice!.spec);
  assert.deepEqual(
    Object.values(slices).map((rows) => rows.length),
    [4, 4],
  );
  const timeline = datasets(byName.timeline!.spec).timeline!;
  assert.equal(timeline.length, 7);
  assert.deepEqual(
    timeline.find((row) => row.number === 6),
    { number: 6, state: 'RUNNING', worker: 'w0', start: 1_006_000, end: 2_000_000 },
  );
  for (const chart of charts) assert.match(await chartSvg(chart.spec), /^<svg/, chart.name);
});

test('paretoFront keeps the non-dominated points for the given directions', () => {
  const points = [
    [1, 5],
    [2, 2],
    [3, 1],
    [3, 3],
    [4, 4],
  ];
  assert.deepEqual(paretoFront(points, ['minimize', 'minimize']), [0, 1, 2]);
  assert.deepEqual(paretoFront(points, ['maximize', 'maximize']), [0, 4]);
  const charts = studyCharts({
    direction: 'minimize',
    directions: ['minimize', 'minimize'],
    trials: [],
    summaries: points.map((values, number) => ({
      number,
      state: 'COMPLETE',
      value: values[0]!,
      start: null,
      complete: null,
      values,
    })),
  });
  const pareto = charts.find((chart) => chart.name === 'pareto-front')!;
  assert.deepEqual(
    datasets(pareto.spec)
      .pareto!.filter((row) => row.front === 'Pareto front')
      .map((row) => row.number),
    [0, 1, 2],
  );
});

test('a study of several objectives gets a history panel per objective, each with its own best in its direction', async () => {
  const points = [
    [3, 0.2],
    [1, 0.1],
    [2, 0.9],
  ];
  const summaries = points.map((values, number) => ({
    number,
    state: 'COMPLETE' as const,
    value: values[0]!,
    start: null,
    complete: null,
    values,
  }));
  const chart = historyChart(summaries, 'minimize', Infinity, {
    directions: ['minimize', 'maximize'],
    labels: ['loss', 'accuracy'],
  });
  const { history_0: loss, history_1: accuracy } = datasets(chart.spec);
  assert.deepEqual(
    loss!.map((row) => [row.value, row.best]),
    [
      [3, 3],
      [1, 1],
      [2, 1],
    ],
  );
  assert.deepEqual(
    accuracy!.map((row) => [row.value, row.best]),
    [
      [0.2, 0.2],
      [0.1, 0.2],
      [0.9, 0.9],
    ],
  );
  const panels = (chart.spec as { vconcat: { layer: { encoding: { y: { title: string } } }[] }[] }).vconcat;
  assert.deepEqual(
    panels.map((panel) => panel.layer[0]!.encoding.y.title),
    ['loss', 'accuracy'],
  );
  // Vega-Lite compiles the panels (every zoom parameter named once) and draws them.
  assert.match(await chartSvg(chart.spec), /^<svg/);
});

test('a study of several objectives draws its parameter charts once per objective, each named and titled by it and valued by it', async () => {
  // A multi-objective trial keeps its values in `values`; its single `value` is null.
  const twoObjectives = [1, 2, 3, 4, 5, 6].map((x, number) =>
    frozenTrial({
      number,
      value: null,
      values: [x, 10 - ((x * 3) % 7)],
      params: { x, kind: x % 2 === 0 ? 'a' : 'b' },
      distributions: trials[0]!.distributions,
    }),
  );
  const charts = studyCharts({
    direction: 'minimize',
    directions: ['minimize', 'maximize'],
    objectiveLabels: ['loss', 'accuracy'],
    trials: twoObjectives,
    now: 2_000_000,
  });
  const byName = new Map(charts.map((chart) => [chart.name, chart]));
  assert.ok(!byName.has('slice') && !byName.has('parallel-coordinates'), [...byName.keys()].join(', '));
  for (const [objective, label] of ['loss', 'accuracy'].entries()) {
    for (const name of ['param-importances', 'parallel-coordinates', 'slice', 'contour'])
      assert.ok(byName.has(`${name}-objective-${objective + 1}`), `${name} for ${label}`);
    const slice = byName.get(`slice-objective-${objective + 1}`)!;
    assert.equal(slice.title, `Slice plots: ${label}`);
    assert.deepEqual(
      datasets(slice.spec).slice_0!.map((row) => row.value),
      twoObjectives.map((trial) => trial.values![objective]),
    );
  }
  for (const chart of charts) assert.match(await chartSvg(chart.spec), /^<svg/, chart.name);
});
