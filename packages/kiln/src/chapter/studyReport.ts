import {
  FAIL_REASON,
  RetryFailedTrialCallback,
  type FrozenTrial,
  type ParamValue,
  type StudySummary,
} from '../tuning/index.js';
import { formatTable } from '../reports/index.js';
import { RESUMED_FROM_BATCH_ATTR, RESUMED_FROM_EPOCH_ATTR } from './trainTrial.js';

/** A parameter as people read it: floats to 4 significant digits, the rest as is. */
export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toPrecision(4);
  return String(value);
}

/** Wall-clock seconds a finished trial took, or '' while it runs. */
function trialSeconds(trial: FrozenTrial): string {
  if (trial.datetimeStart === null || trial.datetimeComplete === null) return '';
  return ((trial.datetimeComplete.getTime() - trial.datetimeStart.getTime()) / 1000).toFixed(1);
}

function formatValue(value: number | null): string {
  return value === null ? '' : value.toFixed(4);
}

/** An objective's value: counts (parameters) whole, the rest to 4 decimals. */
function formatObjectiveValue(value: number | undefined): string {
  if (value === undefined) return '';
  return Number.isInteger(value) && Math.abs(value) >= 10 ? String(value) : value.toFixed(4);
}

/**
 * One line as a trial ends: number, state, value(s) named by `labels` (one per objective), seconds,
 * parameters, then why it failed, or which trial it retries and whether it resumed from that trial's backup.
 */
export function formatTrialLine(trial: FrozenTrial, labels: readonly string[] = ['val_acc']): string {
  const params = Object.entries(trial.params)
    .map(([name, value]) => `${name}=${formatParam(value)}`)
    .join(' ');
  const value =
    labels.length > 1
      ? (trial.values ?? []).map((v, i) => ` ${labels[i]} ${formatObjectiveValue(v)}`).join('')
      : trial.value === null
        ? ''
        : ` ${labels[0]} ${formatValue(trial.value)}`;
  const retried = RetryFailedTrialCallback.retriedTrialNumber(trial);
  const resumed = trial.userAttrs[RESUMED_FROM_EPOCH_ATTR];
  const batch = trial.userAttrs[RESUMED_FROM_BATCH_ATTR];
  const from =
    typeof resumed !== 'number'
      ? ', from scratch'
      : typeof batch === 'number'
        ? `, resumed from its backup at epoch ${resumed + 1}, batch ${batch}`
        : `, resumed from its backup after epoch ${resumed}`;
  const retry = retried === null ? '' : ` (retry of trial ${retried}${from})`;
  const reason = trial.state === 'FAIL' ? ` (${String(trial.systemAttrs[FAIL_REASON] ?? 'failed')})` : '';
  return `trial ${trial.number} ${trial.state}${value} ${trialSeconds(trial)}s ${params}${retry}${reason}\n`;
}

/**
 * Every trial of a study, one row each, a column per parameter any trial used; with `labels` (a
 * multi-objective study), a column per objective instead of the value.
 */
export function formatTrialsTable(trials: readonly FrozenTrial[], labels?: readonly string[]): string {
  const names = [...new Set(trials.flatMap((trial) => Object.keys(trial.params)))];
  const multi = labels !== undefined && labels.length > 1;
  return formatTable(
    [
      { header: 'trial', align: 'right' },
      { header: 'state' },
      ...(multi ? labels : ['value']).map((header) => ({ header, align: 'right' as const })),
      { header: 'seconds', align: 'right' },
      ...names.map((name) => ({ header: name })),
    ],
    trials.map((trial) => [
      String(trial.number),
      trial.state,
      ...(multi ? labels.map((_, i) => formatObjectiveValue(trial.values?.[i])) : [formatValue(trial.value)]),
      trialSeconds(trial),
      ...names.map((name) => formatParam(trial.params[name])),
    ]),
  );
}

/** A multi-objective study's Pareto front (its `bestTrials`): a title, then a row per trial with its values and parameters. */
export function formatParetoFront(front: readonly FrozenTrial[], labels: readonly string[]): string {
  const names = [...new Set(front.flatMap((trial) => Object.keys(trial.params)))];
  const table = formatTable(
    [
      { header: 'trial', align: 'right' },
      ...labels.map((header) => ({ header, align: 'right' as const })),
      ...names.map((name) => ({ header: name })),
    ],
    front.map((trial) => [
      String(trial.number),
      ...labels.map((_, i) => formatObjectiveValue(trial.values?.[i])),
      ...names.map((name) => formatParam(trial.params[name])),
    ]),
  );
  return `Pareto front: ${front.length} trial${front.length === 1 ? '' : 's'} no other trial beats on every objective (${labels.join(', ')})\n${table}`;
}

/** The studies of a storage, one row each. */
export function formatStudiesTable(studies: readonly StudySummary[]): string {
  return formatTable(
    [
      { header: 'study' },
      { header: 'direction' },
      { header: 'trials', align: 'right' },
      { header: 'best value', align: 'right' },
      { header: 'started' },
    ],
    studies.map((study) => [
      study.studyName,
      (study.directions ?? [study.direction]).join(', '),
      String(study.nTrials),
      formatValue(study.bestValue),
      study.datetimeStart?.toISOString() ?? '',
    ]),
  );
}

/** The best trial as a two-column table: its parameters, then its validation (and test) accuracy. */
export function formatBestTrial(trial: FrozenTrial, testAccuracy: number | null): string {
  const rows = Object.entries(trial.params).map(([name, value]) => [name, formatParam(value)]);
  rows.push(['val accuracy', formatValue(trial.value)]);
  if (testAccuracy !== null) rows.push(['test accuracy', formatValue(testAccuracy)]);
  return `best trial: ${trial.number}\n${formatTable([{ header: 'parameter' }, { header: 'value' }], rows)}`;
}
