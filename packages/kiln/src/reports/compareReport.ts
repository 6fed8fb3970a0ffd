import type { ConvnetSpec } from '../models/index.js';
import type { HistoryRecord } from '../callbacks/index.js';
import { formatTable } from './formatTable.js';
import type { TestDiagnostics } from './testDiagnostics.js';

/** One model's run in `kiln compare`. */
export interface ModelRun {
  readonly model: string;
  /** A chapter convnet's architecture and optimizer. */
  readonly spec?: ConvnetSpec;
  readonly parameters: number;
  /** Epochs actually run. */
  readonly epochs: number;
  /** Optimizer steps (batches) taken in all. */
  readonly steps: number;
  readonly trainSeconds: number;
  /** Training images processed per second of training (validation included in the time). */
  readonly imagesPerSecond: number;
  readonly testLoss: number;
  /** A classifier's test accuracy (and top-5 accuracy with more than 5 classes). */
  readonly testAccuracy?: number;
  readonly testTopKAccuracy?: number;
  /** A regressor's test mean absolute error (`testLoss` is then the mean squared error). */
  readonly testMae?: number;
  readonly history: HistoryRecord;
  /** Folder the trained model was saved to. */
  readonly savedTo: string;
  /** Confusion matrix and most confidently wrong test images, for `kiln report` (runs recorded before it lack them). */
  readonly diagnostics?: TestDiagnostics;
}

/** Everything `kiln compare` measured, as written to results.json. */
export interface CompareResults {
  /** The command line, versions and host (absent in records older than `kiln report`). */
  readonly command?: readonly string[];
  readonly versions?: Readonly<Record<string, string>>;
  readonly options?: object;
  readonly dataset: string;
  readonly backend: string;
  readonly trainImages: number;
  readonly testImages: number;
  readonly validationSplit: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly createdAt: string;
  readonly models: readonly ModelRun[];
  /** The average of the models' test probabilities (the chapter's 7.3.3). */
  readonly ensemble: { readonly members: readonly string[]; readonly testLoss: number; readonly testAccuracy: number };
  /** Caveats worth reading next to the figures. */
  readonly notes: readonly string[];
}

/** The comparison as a table, then the ensemble's figures and the notes. */
export function formatCompareReport(results: CompareResults): string {
  const table = formatTable(
    [
      { header: 'model' },
      { header: 'params', align: 'right' },
      { header: 'epochs', align: 'right' },
      { header: 'train s', align: 'right' },
      { header: 'images/s', align: 'right' },
      { header: 'test loss', align: 'right' },
      { header: 'test acc', align: 'right' },
    ],
    results.models.map((run) => [
      run.model,
      run.parameters.toLocaleString('en-US'),
      String(run.epochs),
      run.trainSeconds.toFixed(1),
      run.imagesPerSecond.toFixed(1),
      run.testLoss.toFixed(4),
      run.testAccuracy?.toFixed(4) ?? '',
    ]),
  );
  const { ensemble } = results;
  return (
    [
      `${results.dataset}: ${results.trainImages} training images (${results.validationSplit * 100}% of them for validation), ${results.testImages} test images, batch size ${results.batchSize}, seed ${results.seed}, backend ${results.backend}`,
      '',
      table.trimEnd(),
      '',
      `ensemble (mean of ${ensemble.members.join(', ')} probabilities): test loss ${ensemble.testLoss.toFixed(4)}, test acc ${ensemble.testAccuracy.toFixed(4)}`,
      ...results.notes.map((note) => `note: ${note}`),
    ].join('\n') + '\n'
  );
}
