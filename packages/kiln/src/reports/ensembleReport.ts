import { ensembleCharts, type EnsembleRecord } from './charts/ensembleCharts.js';
import type { Report } from './writeReport.js';

/** The report of a `kiln ensemble` folder: members against the ensemble, calibration, diversity, weights. */
export function ensembleReport(record: EnsembleRecord & { readonly command?: readonly string[] }): Report {
  const row = (name: string, test: EnsembleRecord['ensemble']['test']) => [
    name,
    test.accuracy,
    test.loss,
    test.expectedCalibrationError,
  ];
  return {
    title: `kiln ensemble (${record.method})`,
    facts: record.command ? [`command: ${record.command.join(' ')}`] : [],
    tables: [
      {
        caption: 'Test set',
        headers: ['model', 'accuracy', 'log loss', 'ECE'],
        rows: [
          ...record.members.map((member) => row(member.name, member.test)),
          row(record.ensemble.name, record.ensemble.test),
        ],
      },
    ],
    charts: ensembleCharts(record),
  };
}
