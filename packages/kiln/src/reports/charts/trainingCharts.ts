import type { ModelRun } from '../compareReport.js';
import { chartDefaults, type Chart } from './chart.js';

/** Keras' History metrics drawn as curves, with the name shown for each. */
const curveMetrics = [
  { key: 'loss', metric: 'loss', split: 'train' },
  { key: 'val_loss', metric: 'loss', split: 'validation' },
  { key: 'acc', metric: 'accuracy', split: 'train' },
  { key: 'val_acc', metric: 'accuracy', split: 'validation' },
] as const;

/** The charts of `kiln train` (one run) or `kiln compare` (several): learning curves, learning rate, confusion, mistakes. */
export function trainingCharts(runs: readonly ModelRun[]): Chart[] {
  const charts = [learningCurvesChart(runs)];
  const rates = learningRateChart(runs);
  if (rates) charts.push(rates);
  for (const run of runs) {
    if (run.diagnostics) {
      charts.push(confusionMatrixChart(run.model, run.diagnostics.classNames, run.diagnostics.confusionMatrix));
      if (run.diagnostics.confidentlyWrong.length > 0) charts.push(confidentlyWrongChart(run));
    }
  }
  return charts;
}

/** Loss and accuracy per epoch, train and validation, one line per model and split. */
export function learningCurvesChart(runs: readonly ModelRun[]): Chart {
  const values = runs.flatMap((run) =>
    curveMetrics.flatMap(({ key, metric, split }) =>
      (run.history.history[key] ?? []).map((value, index) => ({
        model: run.model,
        epoch: (run.history.epoch[index] ?? index) + 1,
        metric,
        split,
        value,
      })),
    ),
  );
  return {
    name: 'learning-curves',
    title: 'Learning curves',
    spec: {
      ...chartDefaults,
      data: { values },
      facet: { column: { field: 'metric', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 320,
        height: 220,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
          y: { field: 'value', type: 'quantitative', scale: { zero: false } },
          color: { field: 'model', type: 'nominal' },
          strokeDash: { field: 'split', type: 'nominal' },
          tooltip: [{ field: 'model' }, { field: 'split' }, { field: 'epoch' }, { field: 'value', format: '.4f' }],
        },
      },
    },
  };
}

/** The learning rate per epoch, when a schedule recorded it in the history (`lr`). */
export function learningRateChart(runs: readonly ModelRun[]): Chart | null {
  const values = runs.flatMap((run) =>
    ((run.history.history as Record<string, number[] | undefined>).lr ?? []).map((lr, index) => ({
      model: run.model,
      epoch: (run.history.epoch[index] ?? index) + 1,
      lr,
    })),
  );
  if (values.length === 0) return null;
  return {
    name: 'learning-rate',
    title: 'Learning rate',
    spec: {
      ...chartDefaults,
      data: { values },
      width: 420,
      height: 200,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
        y: { field: 'lr', type: 'quantitative', scale: { type: 'log' }, title: 'learning rate' },
        color: { field: 'model', type: 'nominal' },
      },
    },
  };
}

/** Test images per (true, predicted) class, counts written in the cells. */
export function confusionMatrixChart(model: string, classNames: readonly string[], matrix: readonly number[][]): Chart {
  const values = matrix.flatMap((row, actual) =>
    row.map((count, predicted) => ({
      actual: classNames[actual] ?? String(actual),
      predicted: classNames[predicted] ?? String(predicted),
      count,
    })),
  );
  const order = classNames.length > 0 ? [...classNames] : undefined;
  return {
    name: `confusion-${model}`,
    title: `Confusion matrix: ${model} (test set)`,
    spec: {
      ...chartDefaults,
      data: { values },
      width: 360,
      height: 360,
      encoding: {
        x: { field: 'predicted', type: 'ordinal', sort: order },
        y: { field: 'actual', type: 'ordinal', sort: order, title: 'true' },
      },
      layer: [
        {
          mark: 'rect',
          encoding: {
            color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } },
            tooltip: [{ field: 'actual' }, { field: 'predicted' }, { field: 'count' }],
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            text: { field: 'count', type: 'quantitative' },
            color: { condition: { test: 'datum.count > 0', value: 'black' }, value: '#bbb' },
          },
        },
      ],
    },
  };
}

/** The test images the model got wrong with the highest confidence, each captioned true -> predicted (p). */
export function confidentlyWrongChart(run: ModelRun): Chart {
  const values = run.diagnostics!.confidentlyWrong.map((mistake, rank) => ({
    rank,
    url: `data:image/png;base64,${mistake.png}`,
    caption: `#${mistake.index}: ${mistake.label} → ${mistake.predicted} (${mistake.confidence.toFixed(2)})`,
  }));
  return {
    name: `confidently-wrong-${run.model}`,
    title: `Most confidently wrong test images: ${run.model}`,
    spec: {
      ...chartDefaults,
      data: { values },
      columns: 4,
      facet: { field: 'caption', type: 'nominal', sort: { field: 'rank' }, title: null, header: { labelFontSize: 10 } },
      spec: {
        width: 96,
        height: 96,
        mark: { type: 'image', width: 96, height: 96, align: 'left', baseline: 'top' },
        encoding: { url: { field: 'url', type: 'nominal' } },
      },
    },
  };
}
