import type { ParamValue } from '../../tuning/distributions.js';
import { valuesOf, type FrozenTrial, type StudyDirection, type TrialState } from '../../tuning/frozenTrial.js';
import { pedAnovaImportances } from '../../tuning/importance/pedAnova.js';
import { chartDefaults, type Chart } from './chart.js';
import { paretoFrontChart } from './paretoFrontChart.js';

/** What every list of trials shows of one: its number, state, value and times. */
export interface TrialBasics {
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
  /** Epoch milliseconds. */
  readonly start: number | null;
  readonly complete: number | null;
}

export function trialBasics(trial: FrozenTrial): TrialBasics {
  return {
    number: trial.number,
    state: trial.state,
    value: trial.value,
    start: trial.datetimeStart?.getTime() ?? null,
    complete: trial.datetimeComplete?.getTime() ?? null,
  };
}

/** A trial as the history and timeline need it: no parameters, so 50,000 of them stay small. */
export interface TrialSummary extends TrialBasics {
  /** Who ran it (`worker` user attribute), when recorded. */
  readonly worker?: string;
  /** The objectives' values when the study has several. */
  readonly values?: readonly number[];
}

export interface StudyChartData {
  readonly direction: StudyDirection;
  /** Trials with their parameters and intermediate values (the dashboard passes the latest few thousand). */
  readonly trials: readonly FrozenTrial[];
  /** Every trial (COMPLETE ones suffice), for the history; by default summaries of `trials`. */
  readonly summaries?: readonly TrialSummary[];
  /** The trials the timeline draws; by default `summaries`. */
  readonly timeline?: readonly TrialSummary[];
  /** The most points the history draws; every improvement of the best is always among them. */
  readonly historyPoints?: number;
  /** One direction per objective, when there are several (Pareto front). */
  readonly directions?: readonly StudyDirection[];
  /** The objectives' names, for the Pareto front's axes. */
  readonly objectiveLabels?: readonly string[];
  /** Drawing time for still-running trials' bars (epoch ms); default now. */
  readonly now?: number;
}

export const WORKER_ATTR = 'worker';

export function summarizeTrial(trial: FrozenTrial): TrialSummary {
  const worker = trial.userAttrs[WORKER_ATTR] ?? trial.systemAttrs[WORKER_ATTR];
  const values = valuesOf(trial);
  return {
    ...trialBasics(trial),
    ...(typeof worker === 'string' ? { worker } : {}),
    ...(values !== null && values.length > 1 ? { values } : {}),
  };
}

/** The study plots of Optuna's visualization module, as Vega-Lite specs with named datasets (the dashboard updates them in place). */
export function studyCharts(data: StudyChartData): Chart[] {
  const summaries = data.summaries ?? data.trials.map(summarizeTrial);
  const multiObjective = data.directions !== undefined && data.directions.length >= 2;
  const objectives = data.directions ? { directions: data.directions, labels: data.objectiveLabels } : undefined;
  const charts = [
    historyChart(summaries, data.direction, data.historyPoints, objectives),
    intermediateValuesChart(data.trials),
  ];
  if (!multiObjective) charts.push(...parameterCharts(data.trials, data.direction));
  else
    data.directions!.forEach((direction, objective) =>
      charts.push(
        ...parameterCharts(trialsForObjective(data.trials, objective), direction).map((chart) =>
          chartForObjective(chart, objective, data.objectiveLabels?.[objective]),
        ),
      ),
    );
  charts.push(timelineChart(data.timeline ?? summaries, data.now ?? Date.now()));
  const pareto = multiObjective ? paretoFrontChart(summaries, data.directions!, data.objectiveLabels) : null;
  if (pareto) charts.push(pareto);
  return charts;
}

/** The charts of the objective against the parameters: importances, parallel coordinates, slices, contour. */
function parameterCharts(trials: readonly FrozenTrial[], direction: StudyDirection): Chart[] {
  const importances = pedAnovaImportances(trials, direction);
  const ranked = Object.keys(importances);
  const params = parameterNames(trials);
  return [
    ...(ranked.length > 0 ? [importancesChart(importances)] : []),
    ...(params.length > 0 ? [parallelCoordinatesChart(trials, params), sliceChart(trials, params)] : []),
    ...(ranked.length >= 2 ? [contourChart(trials, ranked[0]!, ranked[1]!, direction)] : []),
  ];
}

/**
 * The trials with `value` set to their `objective`-th value (0-based) in a study of several
 * objectives, so that the one-objective charts and PED-ANOVA draw any of them (Optuna's `target`).
 */
export function trialsForObjective(trials: readonly FrozenTrial[], objective: number): FrozenTrial[] {
  return trials.map((trial) => {
    const values = valuesOf(trial);
    return values === null || values.length < 2 ? trial : { ...trial, value: values[objective] ?? null };
  });
}

/** `chart` as drawn for one objective of several: its name numbered (1-based), its title naming the objective. */
export function chartForObjective(chart: Chart, objective: number, label = `objective ${objective + 1}`): Chart {
  return { ...chart, name: `${chart.name}-objective-${objective + 1}`, title: `${chart.title}: ${label}` };
}

export interface HistoryRow {
  readonly number: number;
  readonly value: number;
  /** The best value of the trials up to this one. */
  readonly best: number;
}

/**
 * The COMPLETE trials' values in trial order with the best value so far. With `maxPoints`, a
 * longer history keeps every trial that improved the best (so the best line stays exact) and an
 * even sample of the others.
 */
export function historyRows(
  summaries: readonly TrialSummary[],
  direction: StudyDirection,
  maxPoints = Infinity,
): HistoryRow[] {
  const better = (a: number, b: number): boolean => (direction === 'maximize' ? a > b : a < b);
  let best: number | null = null;
  const rows = [...summaries]
    .filter((trial) => trial.state === 'COMPLETE' && trial.value !== null)
    .sort((a, b) => a.number - b.number)
    .map((trial) => {
      const improved = best === null || better(trial.value!, best);
      if (improved) best = trial.value!;
      return { number: trial.number, value: trial.value!, best: best!, improved };
    });
  const improvements = rows.filter((row) => row.improved).length;
  const stride =
    rows.length <= maxPoints ? 1 : Math.ceil((rows.length - improvements) / Math.max(1, maxPoints - improvements));
  let other = 0;
  return rows
    .filter((row, index) => row.improved || index === rows.length - 1 || other++ % stride === 0)
    .map(({ number, value, best }) => ({ number, value, best }));
}

/** The objectives of a study of several, for charts that draw one panel per objective. */
export interface StudyObjectives {
  readonly directions: readonly StudyDirection[];
  /** Their names; `objective 1`, `objective 2`, ... by default. */
  readonly labels?: readonly string[];
}

/**
 * The optimization history: each COMPLETE trial's value and the best so far. A study of several
 * objectives (`objectives` with two or more directions) gets one panel per objective, each with
 * the best so far in that objective's direction (Optuna's plot_optimization_history per `target`).
 */
export function historyChart(
  summaries: readonly TrialSummary[],
  direction: StudyDirection,
  maxPoints = Infinity,
  objectives?: StudyObjectives,
): Chart {
  const complete = summaries.filter((trial) => trial.state === 'COMPLETE' && trial.value !== null).length;
  const several = objectives !== undefined && objectives.directions.length >= 2;
  const panels = several
    ? objectives.directions.map((objectiveDirection, i) => ({
        dataset: `history_${i}`,
        title: objectives.labels?.[i] ?? `objective ${i + 1}`,
        rows: historyRows(
          summaries.map((trial) => ({ ...trial, value: trial.values?.[i] ?? null })),
          objectiveDirection,
          maxPoints,
        ),
      }))
    : [{ dataset: 'history', title: 'objective value', rows: historyRows(summaries, direction, maxPoints) }];
  const drawn = Math.max(...panels.map((panel) => panel.rows.length));
  const layers = (dataset: string, title: string) => ({
    data: { name: dataset },
    width: 560,
    height: several ? 200 : 260,
    encoding: { x: { field: 'number', type: 'quantitative' as const, title: 'trial' } },
    layer: [
      {
        mark: { type: 'point' as const, filled: true, size: 30, opacity: 0.7 },
        params: [{ name: several ? `zoom_${dataset}` : 'zoom', select: 'interval' as const, bind: 'scales' as const }],
        encoding: {
          y: { field: 'value', type: 'quantitative' as const, scale: { zero: false }, title },
          tooltip: [
            { field: 'number', title: 'trial' },
            { field: 'value', ...(several ? { title } : {}), format: '.4f' },
          ],
        },
      },
      {
        mark: { type: 'line' as const, color: '#d62728', interpolate: 'step-after' as const },
        encoding: {
          y: { field: 'best', type: 'quantitative' as const, title: several ? `best ${title}` : 'best value' },
        },
      },
    ],
  });
  const datasets = Object.fromEntries(panels.map((panel) => [panel.dataset, panel.rows]));
  return {
    name: 'optimization-history',
    title:
      drawn < complete
        ? `Optimization history (${drawn.toLocaleString('en-US')} of ${complete.toLocaleString('en-US')} completed trials drawn, every improvement among them)`
        : 'Optimization history',
    spec: several
      ? { ...chartDefaults, datasets, vconcat: panels.map((panel) => layers(panel.dataset, panel.title)) }
      : { ...chartDefaults, datasets, ...layers(panels[0]!.dataset, panels[0]!.title) },
  };
}

/** Each trial's reported values per step; pruned trials drawn in their own colour so one sees where they stopped. */
export function intermediateValuesChart(trials: readonly FrozenTrial[]): Chart {
  const rows = trials.flatMap((trial) =>
    [...trial.intermediateValues].map(([step, value]) => ({ number: trial.number, state: trial.state, step, value })),
  );
  return {
    name: 'intermediate-values',
    title: 'Intermediate values',
    spec: {
      ...chartDefaults,
      datasets: { intermediate: rows },
      data: { name: 'intermediate' },
      width: 560,
      height: 260,
      mark: { type: 'line', point: true, opacity: 0.7 },
      params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
      encoding: {
        x: { field: 'step', type: 'quantitative', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', scale: { zero: false } },
        detail: { field: 'number', type: 'nominal' },
        color: { field: 'state', type: 'nominal', scale: stateColors },
        tooltip: [
          { field: 'number', title: 'trial' },
          { field: 'state' },
          { field: 'step' },
          { field: 'value', format: '.4f' },
        ],
      },
    },
  };
}

export function importancesChart(importances: Record<string, number>): Chart {
  return {
    name: 'param-importances',
    title: 'Parameter importances (PED-ANOVA)',
    spec: {
      ...chartDefaults,
      datasets: { importances: Object.entries(importances).map(([param, importance]) => ({ param, importance })) },
      data: { name: 'importances' },
      width: 420,
      mark: 'bar',
      encoding: {
        y: { field: 'param', type: 'nominal', sort: '-x', title: null },
        x: { field: 'importance', type: 'quantitative', title: 'share of importance' },
        tooltip: [{ field: 'param' }, { field: 'importance', format: '.3f' }],
      },
    },
  };
}

/** The names of the parameters any of `trials` has, sorted. */
export function parameterNames(trials: readonly FrozenTrial[]): string[] {
  return [...new Set(trials.flatMap((trial) => Object.keys(trial.params)))].sort();
}

function completeWithValue(trials: readonly FrozenTrial[]): FrozenTrial[] {
  return trials.filter((trial) => trial.state === 'COMPLETE' && trial.value !== null);
}

/** A parameter's value placed in [0, 1] of its axis: log scale for log distributions, choice order for categorical ones. */
function axisPosition(trial: FrozenTrial, name: string): number | null {
  const distribution = trial.distributions[name];
  const value = trial.params[name];
  if (distribution === undefined || value === undefined) return null;
  if (distribution.type === 'categorical') {
    const index = distribution.choices.indexOf(value as Exclude<ParamValue, number> | number);
    return distribution.choices.length > 1 ? index / (distribution.choices.length - 1) : 0.5;
  }
  const scale = (x: number): number => (distribution.log ? Math.log(x) : x);
  const span = scale(distribution.high) - scale(distribution.low);
  return span > 0 ? (scale(value as number) - scale(distribution.low)) / span : 0.5;
}

export function parallelCoordinatesChart(trials: readonly FrozenTrial[], params: readonly string[]): Chart {
  const complete = completeWithValue(trials);
  const values = complete.map((trial) => trial.value!);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const rows = complete.flatMap((trial) => [
    {
      number: trial.number,
      objective: trial.value!,
      axis: 'objective',
      position: high > low ? (trial.value! - low) / (high - low) : 0.5,
      shown: trial.value!.toPrecision(4),
    },
    ...params.flatMap((axis) => {
      const position = axisPosition(trial, axis);
      const raw = trial.params[axis];
      return position === null
        ? []
        : [
            {
              number: trial.number,
              objective: trial.value!,
              axis,
              position,
              shown: typeof raw === 'number' ? Number(raw.toPrecision(4)) : String(raw),
            },
          ];
    }),
  ]);
  return {
    name: 'parallel-coordinates',
    title: 'Parallel coordinates',
    spec: {
      ...chartDefaults,
      datasets: { parallel: rows },
      data: { name: 'parallel' },
      width: Math.max(360, 110 * (params.length + 1)),
      height: 260,
      mark: { type: 'line', opacity: 0.5 },
      encoding: {
        x: { field: 'axis', type: 'nominal', sort: ['objective', ...params], title: null },
        y: { field: 'position', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
        detail: { field: 'number', type: 'nominal' },
        color: { field: 'objective', type: 'quantitative', scale: { scheme: 'viridis' } },
        tooltip: [{ field: 'number', title: 'trial' }, { field: 'axis' }, { field: 'shown', title: 'value' }],
      },
    },
  };
}

/** One panel per parameter: the objective against the parameter's value, log axes for log distributions. */
export function sliceChart(trials: readonly FrozenTrial[], params: readonly string[]): Chart {
  const complete = completeWithValue(trials);
  const datasets: Record<string, object[]> = {};
  const panels = params.map((param, index) => {
    const name = `slice_${index}`;
    datasets[name] = complete
      .filter((trial) => param in trial.params)
      .map((trial) => ({ number: trial.number, x: trial.params[param], value: trial.value! }));
    const distribution = complete.find((trial) => param in trial.distributions)?.distributions[param];
    const numeric = distribution !== undefined && distribution.type !== 'categorical';
    return {
      data: { name },
      width: 200,
      height: 160,
      mark: { type: 'point' as const, filled: true, opacity: 0.7 },
      encoding: {
        x: numeric
          ? {
              field: 'x',
              type: 'quantitative' as const,
              title: param,
              scale: { type: distribution.log ? ('log' as const) : ('linear' as const), zero: false },
            }
          : { field: 'x', type: 'nominal' as const, title: param },
        y: { field: 'value', type: 'quantitative' as const, scale: { zero: false }, title: 'objective' },
        color: { field: 'number', type: 'quantitative' as const, title: 'trial', scale: { scheme: 'blues' } },
        tooltip: [
          { field: 'number', title: 'trial' },
          { field: 'x', title: param },
          { field: 'value', format: '.4f' },
        ],
      },
    };
  });
  return { name: 'slice', title: 'Slice plots', spec: { ...chartDefaults, datasets, columns: 3, concat: panels } };
}

/** Grid cells per side of the contour's interpolated surface. */
const contourCells = 24;

/**
 * The objective over the two most important parameters: a filled surface interpolated on a grid
 * (inverse-distance weighting of the COMPLETE trials, in each axis' scale) with the trials on top.
 */
export function contourChart(
  trials: readonly FrozenTrial[],
  xParam: string,
  yParam: string,
  direction: StudyDirection,
): Chart {
  const complete = completeWithValue(trials).filter((trial) => xParam in trial.params && yParam in trial.params);
  const points = complete.map((trial) => ({
    x: axisPosition(trial, xParam)!,
    y: axisPosition(trial, yParam)!,
    value: trial.value!,
  }));
  const sample = complete[0]!;
  const xRange = rangeOf(sample, xParam);
  const yRange = rangeOf(sample, yParam);
  // Typed arrays: this loop runs cells² × trials times.
  const xs = Float64Array.from(points, (point) => point.x);
  const ys = Float64Array.from(points, (point) => point.y);
  const values = Float64Array.from(points, (point) => point.value);
  const grid = [];
  for (let i = 0; i < contourCells; i++) {
    for (let j = 0; j < contourCells; j++) {
      const [u, v] = [(i + 0.5) / contourCells, (j + 0.5) / contourCells];
      let weights = 0;
      let sum = 0;
      for (let k = 0; k < xs.length; k++) {
        const squared = (xs[k]! - u) ** 2 + (ys[k]! - v) ** 2 + 1e-6;
        const weight = 1 / (squared * squared);
        weights += weight;
        sum += weight * values[k]!;
      }
      grid.push({
        u0: i / contourCells,
        u1: (i + 1) / contourCells,
        v0: j / contourCells,
        v1: (j + 1) / contourCells,
        value: sum / weights,
      });
    }
  }
  const axis = (title: string, range: readonly [string, string]) => ({
    title: `${title} (${range[0]} … ${range[1]})`,
    labels: false,
    ticks: false,
  });
  return {
    name: 'contour',
    title: `Contour: ${xParam} × ${yParam}`,
    spec: {
      ...chartDefaults,
      datasets: {
        surface: grid,
        trials: complete.map((trial, index) => ({
          ...points[index]!,
          number: trial.number,
          xValue: String(trial.params[xParam]),
          yValue: String(trial.params[yParam]),
        })),
      },
      width: 360,
      height: 360,
      layer: [
        {
          data: { name: 'surface' },
          mark: 'rect',
          encoding: {
            x: { field: 'u0', type: 'quantitative', scale: { domain: [0, 1] }, axis: axis(xParam, xRange) },
            x2: { field: 'u1' },
            y: { field: 'v0', type: 'quantitative', scale: { domain: [0, 1] }, axis: axis(yParam, yRange) },
            y2: { field: 'v1' },
            color: {
              field: 'value',
              type: 'quantitative',
              title: 'objective',
              scale: { scheme: 'viridis', reverse: direction === 'minimize' },
            },
          },
        },
        {
          data: { name: 'trials' },
          mark: { type: 'point', color: 'black', filled: true, size: 20 },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            y: { field: 'y', type: 'quantitative' },
            tooltip: [
              { field: 'number', title: 'trial' },
              { field: 'xValue', title: xParam },
              { field: 'yValue', title: yParam },
              { field: 'value', format: '.4f' },
            ],
          },
        },
      ],
    },
  };
}

function rangeOf(trial: FrozenTrial, param: string): [string, string] {
  const distribution = trial.distributions[param]!;
  if (distribution.type === 'categorical')
    return [String(distribution.choices[0]), String(distribution.choices.at(-1))];
  return [String(distribution.low), String(distribution.high)];
}

const stateColors = {
  domain: ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'],
  range: ['#1f77b4', '#ff7f0e', '#d62728', '#2ca02c', '#999999'],
};

/** A bar per trial from start to end (now, for running ones) on its worker's row: idle workers and stale trials show. */
export function timelineChart(summaries: readonly TrialSummary[], now: number): Chart {
  const rows = summaries
    .filter((trial) => trial.start !== null)
    .map((trial) => ({
      number: trial.number,
      state: trial.state,
      worker: trial.worker ?? 'unrecorded',
      start: trial.start!,
      end: trial.complete ?? now,
    }));
  return {
    name: 'timeline',
    title: 'Timeline of trials per worker',
    spec: {
      ...chartDefaults,
      datasets: { timeline: rows },
      data: { name: 'timeline' },
      width: 560,
      mark: { type: 'bar', height: { band: 0.7 } },
      params: [{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
      encoding: {
        x: { field: 'start', type: 'temporal', title: 'time' },
        x2: { field: 'end' },
        y: { field: 'worker', type: 'nominal' },
        color: { field: 'state', type: 'nominal', scale: stateColors },
        tooltip: [
          { field: 'number', title: 'trial' },
          { field: 'state' },
          { field: 'worker' },
          { field: 'start', type: 'temporal', format: '%H:%M:%S' },
          { field: 'end', type: 'temporal', format: '%H:%M:%S' },
        ],
      },
    },
  };
}
