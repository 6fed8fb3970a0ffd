import { resolve } from 'node:path';
import { readTable, type RawTable } from './readTable.js';
import { shuffledIndices } from './shuffle.js';
import { fitTablePreprocessing, transformTable } from './tablePreprocessing.js';
import type { Dataset, TableSet, Task } from './types.js';

export interface TableOptions {
  /** The column to predict. */
  readonly target: string;
  /** Default: inferred from the target (see `fitTablePreprocessing`). */
  readonly task?: Task;
  /** A second table (same columns) of test rows. */
  readonly testData?: string;
  /** Or: a seeded fraction of the rows held out for testing. */
  readonly testSplit?: number;
  /** Seeds the row order and the test split; default 1337. */
  readonly seed?: number;
}

/**
 * Loads a CSV or JSON table for training: the rows are shuffled by `seed` (so a validation split
 * of their last fraction is a random one), a test set is split off or read, and the preprocessing
 * is fitted on the training rows alone and applied to both.
 */
export async function loadTable(file: string, options: TableOptions): Promise<Dataset<TableSet>> {
  if (options.testData !== undefined && options.testSplit !== undefined) {
    throw new RangeError('pass a test table or a test split, not both');
  }
  const table = await readTable(file);
  const order = shuffledIndices(table.rows.length, options.seed ?? 1337);
  let testRows: RawTable = { columns: table.columns, rows: [] };
  let trainRows: RawTable = { columns: table.columns, rows: order.map((index) => table.rows[index]!) };
  if (options.testSplit !== undefined) {
    if (!(options.testSplit > 0 && options.testSplit < 1))
      throw new RangeError(`test split must be in (0, 1), got ${options.testSplit}`);
    const held = Math.min(table.rows.length - 1, Math.max(1, Math.round(table.rows.length * options.testSplit)));
    testRows = { columns: table.columns, rows: trainRows.rows.slice(trainRows.rows.length - held) };
    trainRows = { columns: table.columns, rows: trainRows.rows.slice(0, trainRows.rows.length - held) };
  } else if (options.testData !== undefined) {
    testRows = await readTable(options.testData);
  }
  const preprocessing = fitTablePreprocessing(trainRows, options.target, { task: options.task, source: file });
  return {
    name: resolve(file),
    train: transformTable(preprocessing, trainRows, file),
    test: transformTable(preprocessing, testRows, options.testData ?? file),
    classNames: preprocessing.classNames,
    task: preprocessing.task,
    preprocessing,
  };
}
