import type { Chart } from '../reports/charts/chart.js';
import { paretoFrontChart } from '../reports/charts/paretoFrontChart.js';
import {
  chartForObjective,
  contourChart,
  historyChart,
  importancesChart,
  intermediateValuesChart,
  parallelCoordinatesChart,
  parameterNames,
  sliceChart,
  summarizeTrial,
  timelineChart,
  trialsForObjective,
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
  /** Drawn once per objective in a study of several (served as NAME-objective-K, K from 1). */
  readonly perObjective?: boolean;
  /** The chart of `objective` (0-based; 0 in a one-objective study), or null while the study has nothing it can draw in it (no parameters yet, too few trials). */
  build(snapshot: StudySnapshot, now: number, objective: number): Promise<Chart | null>;
}

/** What a per-objective chart draws from: the sample's trials valued by one objective, and its direction. */
interface ObjectiveSample {
  readonly trials: TrialSample['trials'];
  readonly direction: StudySnapshot['direction'];
  readonly importances: () => Record<string, number>;
}

const objectiveSamples = new WeakMap<TrialSample, Map<number, ObjectiveSample>>();

/** The sample as seen by one objective, made once per sample and objective (PED-ANOVA runs once for the importances and the contour). */
function objectiveSample(sample: TrialSample, snapshot: StudySnapshot, objective: number): ObjectiveSample {
  const byObjective = objectiveSamples.get(sample) ?? new Map<number, ObjectiveSample>();
  objectiveSamples.set(sample, byObjective);
  let seen = byObjective.get(objective);
  if (seen === undefined) {
    const trials = snapshot.directions.length > 1 ? trialsForObjective(sample.trials, objective) : sample.trials;
    const direction = snapshot.directions[objective] ?? snapshot.direction;
    let importances: Record<string, number> | undefined;
    seen = { trials, direction, importances: () => (importances ??= pedAnovaImportances(trials, direction)) };
    byObjective.set(objective, seen);
  }
  return seen;
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

/** A chart of one objective against the parameters, drawn from the sample; in a study of several objectives, numbered and titled by its objective. */
function ofObjective(draw: (seen: ObjectiveSample) => Chart | null): DashboardChart['build'] {
  return async (snapshot, _now, objective) => {
    const sample = await snapshot.sample();
    const chart = draw(objectiveSample(sample, snapshot, objective));
    const forObjective = chart && snapshot.directions.length > 1;
    return noted(
      forObjective ? chartForObjective(chart, objective, snapshot.metricNames?.[objective]) : chart,
      sample.note,
    );
  };
}

/** The study's charts in the order the page shows them: adding a chart to the dashboard is one entry here. */
export const dashboardCharts: readonly DashboardChart[] = [
  {
    name: 'optimization-history',
    build: async (snapshot) =>
      historyChart(snapshot.summaries, snapshot.direction, HISTORY_POINTS, {
        directions: snapshot.directions,
        labels: snapshot.metricNames ?? undefined,
      }),
  },
  { name: 'intermediate-values', build: fromSample((sample) => intermediateValuesChart(sample.trials)) },
  {
    name: 'param-importances',
    perObjective: true,
    build: ofObjective((seen) => {
      const shares = seen.importances();
      return Object.keys(shares).length > 0 ? importancesChart(shares) : null;
    }),
  },
  {
    name: 'parallel-coordinates',
    perObjective: true,
    build: ofObjective((seen) => {
      const params = parameterNames(seen.trials);
      return params.length > 0 ? parallelCoordinatesChart(seen.trials, params) : null;
    }),
  },
  {
    name: 'slice',
    perObjective: true,
    build: ofObjective((seen) => {
      const params = parameterNames(seen.trials);
      return params.length > 0 ? sliceChart(seen.trials, params) : null;
    }),
  },
  {
    name: 'contour',
    perObjective: true,
    build: ofObjective((seen) => {
      const [first, second] = Object.keys(seen.importances());
      return first !== undefined && second !== undefined
        ? contourChart(seen.trials, first, second, seen.direction)
        : null;
    }),
  },
  {
    name: 'pareto-front',
    multiObjectiveOnly: true,
    build: fromSample((sample, snapshot) =>
      snapshot.directions.length < 2
        ? null
        : paretoFrontChart(sample.trials.map(summarizeTrial), snapshot.directions, snapshot.metricNames ?? undefined),
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

/** A chart a study has: its name on the page and in the URL, what draws it, and for which objective (0-based). */
export interface StudyChartEntry {
  readonly name: string;
  readonly chart: DashboardChart;
  readonly objective: number;
}

/** The charts a study with `objectives` objectives has, in the page's order. */
export function chartsFor(objectives: number): StudyChartEntry[] {
  return dashboardCharts.flatMap((chart): StudyChartEntry[] => {
    if (objectives < 2) return chart.multiObjectiveOnly ? [] : [{ name: chart.name, chart, objective: 0 }];
    if (!chart.perObjective) return [{ name: chart.name, chart, objective: 0 }];
    return Array.from({ length: objectives }, (_, objective) => ({
      name: `${chart.name}-objective-${objective + 1}`,
      chart,
      objective,
    }));
  });
}
