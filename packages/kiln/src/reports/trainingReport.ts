import { trainingCharts } from './charts/trainingCharts.js';
import type { CompareResults, ModelRun } from './compareReport.js';
import type { Report } from './writeReport.js';

/** `run.json` of `kiln train`: one ModelRun plus what the command adds. */
export type TrainRunRecord = ModelRun & {
  readonly dataset: string;
  readonly backend: string;
  readonly seed: number;
  readonly command?: readonly string[];
  readonly versions?: Readonly<Record<string, string>>;
};

/** The report of a `kiln train` run or a `kiln compare` (several runs and their average). */
export function trainingReport(record: TrainRunRecord | CompareResults): Report {
  const runs = 'models' in record ? record.models : [record];
  // A regressor has a mean absolute error where a classifier has an accuracy.
  const regression = runs.some((run) => run.testMae !== undefined);
  const rows = runs.map((run) => [
    run.model,
    run.parameters,
    run.epochs,
    run.trainSeconds,
    run.testLoss,
    run.testAccuracy ?? '',
    ...(regression ? [run.testMae ?? ''] : []),
  ]);
  if ('models' in record)
    rows.push([
      `average of ${record.ensemble.members.join(', ')}`,
      '',
      '',
      '',
      record.ensemble.testLoss,
      record.ensemble.testAccuracy,
      ...(regression ? [''] : []),
    ]);
  return {
    title: 'models' in record ? `kiln compare on ${record.dataset}` : `kiln train ${record.model} on ${record.dataset}`,
    facts: [
      ...(record.command ? [`command: ${record.command.join(' ')}`] : []),
      `backend ${record.backend}, seed ${record.seed}`,
      ...(record.versions
        ? [
            `versions: ${Object.entries(record.versions)
              .map(([name, version]) => `${name} ${version}`)
              .join(', ')}`,
          ]
        : []),
      ...('notes' in record ? record.notes.map((note) => `note: ${note}`) : []),
    ],
    tables: [
      {
        caption: 'Test set',
        headers: [
          'model',
          'parameters',
          'epochs',
          'train s',
          'test loss',
          'test accuracy',
          ...(regression ? ['test mae'] : []),
        ],
        rows,
      },
    ],
    charts: trainingCharts(runs),
  };
}
