import type { StudyDirection, TrialState } from '../../tuning/frozenTrial.js';
import { toLosses } from '../../tuning/multiObjective/dominance.js';
import { nonDominatedIndices } from '../../tuning/multiObjective/paretoFront.js';
import { chartDefaults, type Chart } from './chart.js';

/** What the chart needs of a trial (a studyCharts TrialSummary fits). */
export interface ParetoTrial {
  readonly number: number;
  readonly state: TrialState;
  /** One per objective. */
  readonly values?: readonly number[];
}

/** Indices of the points no other point dominates (at least as good on every objective, better on one). */
export function paretoFront(points: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[] {
  return nonDominatedIndices(points.map((point) => toLosses(point, directions))).sort((a, b) => a - b);
}

/**
 * Optuna's `plot_pareto_front`: every COMPLETE trial of a multi-objective study at its values of the
 * first two objectives, the Pareto front (on all objectives) in red. `labels` names the objectives.
 */
export function paretoFrontChart(
  summaries: readonly ParetoTrial[],
  directions: readonly StudyDirection[],
  labels: readonly string[] = directions.map((_, i) => `objective ${i + 1}`),
): Chart | null {
  const complete = summaries.filter(
    (trial) => trial.state === 'COMPLETE' && trial.values !== undefined && trial.values.length === directions.length,
  );
  if (directions.length < 2 || complete.length === 0) return null;
  const front = new Set(
    paretoFront(
      complete.map((trial) => trial.values!),
      directions,
    ),
  );
  const fields = labels.map((_, i) => `objective${i}`);
  const rows = complete.map((trial, index) => ({
    number: trial.number,
    ...Object.fromEntries(fields.map((field, i) => [field, trial.values![i]!])),
    front: front.has(index) ? 'Pareto front' : 'dominated',
  }));
  const axis = (i: number) => ({
    field: fields[i]!,
    type: 'quantitative' as const,
    title: `${labels[i]} (${directions[i]})`,
    scale: { zero: false },
  });
  return {
    name: 'pareto-front',
    title:
      directions.length === 2
        ? 'Pareto front'
        : `Pareto front (on all ${directions.length} objectives), drawn on the first two`,
    spec: {
      ...chartDefaults,
      datasets: { pareto: rows },
      data: { name: 'pareto' },
      width: 400,
      height: 320,
      mark: { type: 'point', filled: true },
      encoding: {
        x: axis(0),
        y: axis(1),
        color: {
          field: 'front',
          type: 'nominal',
          title: null,
          scale: { domain: ['Pareto front', 'dominated'], range: ['#d62728', '#aaa'] },
        },
        tooltip: [
          { field: 'number', title: 'trial' },
          ...fields.map((field, i) => ({ field, title: labels[i]!, type: 'quantitative' as const })),
        ],
      },
    },
  };
}
