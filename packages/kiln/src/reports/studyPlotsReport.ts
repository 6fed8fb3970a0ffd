import type { FrozenTrial, JsonValue, StudyDirection } from '../tuning/frozenTrial.js';
import { bestTrialOf } from '../tuning/trialQueries.js';
import { studyCharts } from './charts/studyCharts.js';
import type { Report } from './writeReport.js';

/** The report of a study: its counts and best trial, then Optuna's plots. */
export function studyPlotsReport(
  name: string,
  direction: StudyDirection,
  trials: readonly FrozenTrial[],
  userAttrs: Readonly<Record<string, JsonValue>> = {},
): Report {
  const best = bestTrialOf(trials, direction);
  const counts = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'].map((state) => [
    state,
    trials.filter((trial) => trial.state === state).length,
  ]);
  const run = userAttrs.run as { command?: string[]; backend?: string } | undefined;
  return {
    title: `Study ${name} (${direction})`,
    facts: [
      ...(run?.command ? [`command: ${run.command.join(' ')}`] : []),
      ...(run?.backend ? [`backend ${run.backend}`] : []),
      `${trials.length} trials: ${counts.map(([state, count]) => `${count} ${state}`).join(', ')}`,
    ],
    tables: best
      ? [
          {
            caption: `Best trial: #${best.number}`,
            headers: ['value', ...Object.keys(best.params)],
            rows: [
              [
                best.value!,
                ...Object.values(best.params).map((value) => (typeof value === 'number' ? value : String(value))),
              ],
            ],
          },
        ]
      : [],
    charts: studyCharts({ direction, trials }),
  };
}
