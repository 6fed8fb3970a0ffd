import { resolve } from 'node:path';
import { DatasetError } from './datasetError.js';
import { isMissing, readTable, type RawTable } from './readTable.js';
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
  /** Columns to leave out (names, identifiers). */
  readonly ignore?: readonly string[];
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
  const table = withoutMissingTargets(
    withoutColumns(await readTable(file), options.ignore ?? [], file),
    options.target,
  );
  const order = shuffledIndices(table.rows.length, options.seed ?? 1337);
  let testRows: RawTable = { columns: table.columns, rows: [] };
  let testDropped = 0;
  let trainRows: RawTable = { columns: table.columns, rows: order.map((index) => table.rows[index]!) };
  if (options.testSplit !== undefined) {
    if (!(options.testSplit > 0 && options.testSplit < 1))
      throw new RangeError(`test split must be in (0, 1), got ${options.testSplit}`);
    const held = Math.min(table.rows.length - 1, Math.max(1, Math.round(table.rows.length * options.testSplit)));
    testRows = { columns: table.columns, rows: trainRows.rows.slice(trainRows.rows.length - held) };
    trainRows = { columns: table.columns, rows: trainRows.rows.slice(0, trainRows.rows.length - held) };
  } else if (options.testData !== undefined) {
    const read = withoutMissingTargets(
      withoutColumns(await readTable(options.testData), options.ignore ?? [], options.testData),
      options.target,
    );
    testRows = read;
    testDropped = read.dropped;
  }
  const preprocessing = fitTablePreprocessing(trainRows, options.target, { task: options.task, source: file });
  const dropped = table.dropped + testDropped;
  return {
    name: resolve(file),
    ...(dropped > 0 ? { droppedRows: dropped } : {}),
    train: transformTable(preprocessing, trainRows, file),
    test: transformTable(preprocessing, testRows, options.testData ?? file),
    classNames: preprocessing.classNames,
    task: preprocessing.task,
    preprocessing,
  };
}

/** `table` without the `ignore`d columns, each of which must exist. */
function withoutColumns(table: RawTable, ignore: readonly string[], source: string): RawTable {
  const unknown = ignore.filter((column) => !table.columns.includes(column));
  if (unknown.length > 0) {
    throw new DatasetError(
      source,
      `has no column(s) ${unknown.join(', ')} to ignore`,
      `Its columns: ${table.columns.join(', ')}`,
    );
  }
  return { columns: table.columns.filter((column) => !ignore.includes(column)), rows: table.rows };
}

/** The rows that have a target value, as pandas' `dropna(subset=[target])`, with how many were dropped. */
function withoutMissingTargets(table: RawTable, target: string): RawTable & { dropped: number } {
  if (!table.columns.includes(target)) return { ...table, dropped: 0 };
  const rows = table.rows.filter((row) => !isMissing(row[target]));
  return { columns: table.columns, rows, dropped: table.rows.length - rows.length };
}
