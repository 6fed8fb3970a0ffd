import type { Chart } from '../reports/charts/chart.js';
import { paretoFrontChart } from '../reports/charts/paretoFrontChart.js';
import {
  contourChart,
  historyChart,
  importancesChart,
  intermediateValuesChart,
  parallelCoordinatesChart,
  parameterNames,
  sliceChart,
  summarizeTrial,
  timelineChart,
} from '../reports/charts/studyCharts.js';
import { pedAnovaImportances } from '../tuning/importance/pedAnova.js';
import type { StudySnapshot, TrialSample } from './studySnapshots.js';

/** The most points the optimization history draws (every improvement of the best among them). */
export const HISTORY_POINTS = 2000;
/** Trials the timeline draws: the latest ones. */
export const TIMELINE_TRIALS = 2000;

/**
 * One chart the dashboard serves at `/api/studies/ID/charts/NAME`, built on the server from the
 * study's snapshot: aggregated or sampled there, so no response grows with the study.
 */
export interface DashboardChart {
  readonly name: string;
  /** Drawn only for studies of several objectives (the Pareto front). */
  readonly multiObjectiveOnly?: boolean;
  /** The chart, or null while the study has nothing it can draw (no parameters yet, too few trials). */
  build(snapshot: StudySnapshot, now: number): Promise<Chart | null>;
}

const importancesOf = new WeakMap<TrialSample, Record<string, number>>();

/** PED-ANOVA over the sample, computed once per sample (the importances and the contour both need it). */
function importances(sample: TrialSample, snapshot: StudySnapshot): Record<string, number> {
  let computed = importancesOf.get(sample);
  if (computed === undefined) {
    computed = pedAnovaImportances(sample.trials, snapshot.direction);
    importancesOf.set(sample, computed);
  }
  return computed;
}

/** `chart` with the sample's description in its title, when it is a sample. */
function noted(chart: Chart | null, note: string | null): Chart | null {
  return chart && note ? { ...chart, title: `${chart.title} (${note})` } : chart;
}

/** A chart drawn from the capped sample of whole trials, its title saying how the sample was chosen. */
function fromSample(draw: (sample: TrialSample, snapshot: StudySnapshot) => Chart | null): DashboardChart['build'] {
  return async (snapshot) => {
    const sample = await snapshot.sample();
    return noted(draw(sample, snapshot), sample.note);
  };
}

/** The study's charts in the order the page shows them: adding a chart to the dashboard is one entry here. */
export const dashboardCharts: readonly DashboardChart[] = [
  {
    name: 'optimization-history',
    build: async (snapshot) =>
      historyChart(snapshot.summaries, snapshot.direction, HISTORY_POINTS, { directions: snapshot.directions }),
  },
  { name: 'intermediate-values', build: fromSample((sample) => intermediateValuesChart(sample.trials)) },
  {
    name: 'param-importances',
    build: fromSample((sample, snapshot) => {
      const shares = importances(sample, snapshot);
      return Object.keys(shares).length > 0 ? importancesChart(shares) : null;
    }),
  },
  {
    name: 'parallel-coordinates',
    build: fromSample((sample) => {
      const params = parameterNames(sample.trials);
      return params.length > 0 ? parallelCoordinatesChart(sample.trials, params) : null;
    }),
  },
  {
    name: 'slice',
    build: fromSample((sample) => {
      const params = parameterNames(sample.trials);
      return params.length > 0 ? sliceChart(sample.trials, params) : null;
    }),
  },
  {
    name: 'contour',
    build: fromSample((sample, snapshot) => {
      const [first, second] = Object.keys(importances(sample, snapshot));
      return first !== undefined && second !== undefined
        ? contourChart(sample.trials, first, second, snapshot.direction)
        : null;
    }),
  },
  {
    name: 'pareto-front',
    multiObjectiveOnly: true,
    build: fromSample((sample, snapshot) =>
      snapshot.directions.length < 2 ? null : paretoFrontChart(sample.trials.map(summarizeTrial), snapshot.directions),
    ),
  },
  {
    name: 'timeline',
    build: async (snapshot, now) => {
      const latest = snapshot.summaries.slice(-TIMELINE_TRIALS);
      const total = snapshot.summaries.length;
      const count = (n: number) => n.toLocaleString('en-US');
      return noted(
        timelineChart(latest, now),
        latest.length < total ? `the latest ${count(latest.length)} of ${count(total)} trials` : null,
      );
    },
  },
];

/** The charts a study with `objectives` objectives has, by name. */
export function chartNamesFor(objectives: number): string[] {
  return dashboardCharts.filter((chart) => objectives > 1 || !chart.multiObjectiveOnly).map((chart) => chart.name);
}

export const dashboardChartsByName: ReadonlyMap<string, DashboardChart> = new Map(
  dashboardCharts.map((chart) => [chart.name, chart]),
);
