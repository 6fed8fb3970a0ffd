import type { FrozenTrial, JsonValue, StudyDirection } from '../tuning/frozenTrial.js';
import { paretoFrontTrials } from '../tuning/multiObjective/paretoFront.js';
import { bestTrialOf } from '../tuning/trialQueries.js';
import { studyCharts } from './charts/studyCharts.js';
import type { ReportTable } from './reportPage.js';
import type { Report } from './writeReport.js';

function cellOf(value: FrozenTrial['params'][string]): string | number {
  return typeof value === 'number' ? value : String(value);
}

/** A multi-objective study's Pareto front as a table: a row per trial, its values, then its parameters. */
function paretoTable(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  labels: readonly string[],
): ReportTable {
  const front = paretoFrontTrials(trials, directions);
  const params = [...new Set(front.flatMap((trial) => Object.keys(trial.params)))];
  return {
    caption: `Pareto front: ${front.length} trial(s)`,
    headers: ['trial', ...labels, ...params],
    rows: front.map((trial) => [
      trial.number,
      ...trial.values!,
      ...params.map((name) => (trial.params[name] === undefined ? '' : cellOf(trial.params[name]!))),
    ]),
  };
}

/**
 * The report of a study: its counts and best trial (a multi-objective study's Pareto front), then
 * Optuna's plots. `directions` holds one direction per objective; `labels` names them.
 */
export function studyPlotsReport(
  name: string,
  directions: StudyDirection | readonly StudyDirection[],
  trials: readonly FrozenTrial[],
  userAttrs: Readonly<Record<string, JsonValue>> = {},
  labels?: readonly string[],
): Report {
  const all = typeof directions === 'string' ? [directions] : [...directions];
  const direction = all[0]!;
  const multi = all.length > 1;
  const names = labels ?? all.map((_, i) => `objective ${i + 1}`);
  const best = multi ? null : bestTrialOf(trials, direction);
  const counts = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'].map((state) => [
    state,
    trials.filter((trial) => trial.state === state).length,
  ]);
  const run = userAttrs.run as { command?: string[]; backend?: string } | undefined;
  return {
    title: `Study ${name} (${multi ? all.map((d, i) => `${d} ${names[i]}`).join(', ') : direction})`,
    facts: [
      ...(run?.command ? [`command: ${run.command.join(' ')}`] : []),
      ...(run?.backend ? [`backend ${run.backend}`] : []),
      `${trials.length} trials: ${counts.map(([state, count]) => `${count} ${state}`).join(', ')}`,
    ],
    tables: multi
      ? [paretoTable(trials, all, names)]
      : best
        ? [
            {
              caption: `Best trial: #${best.number}`,
              headers: ['value', ...Object.keys(best.params)],
              rows: [[best.value!, ...Object.values(best.params).map(cellOf)]],
            },
          ]
        : [],
    charts: studyCharts({ direction, trials, ...(multi ? { directions: all, objectiveLabels: names } : {}) }),
  };
}
