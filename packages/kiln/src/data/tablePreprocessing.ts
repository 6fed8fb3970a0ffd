import { DatasetError } from './datasetError.js';
import { isMissing, type RawTable, type TableRecord } from './readTable.js';
import type { CategoricalColumn, NumericColumn, TablePreprocessing, TableSet, TargetScale, Task } from './types.js';

export interface FitTableOptions {
  /** Default: classification when the target holds strings or at most `maxIntegerClasses` distinct integers. */
  readonly task?: Task;
  /** Where the rows came from, for error messages. */
  readonly source?: string;
}

/** Integer targets with at most this many distinct values are taken as classes. */
export const maxIntegerClasses = 20;

/** Fits the preprocessing of `table`'s columns (all but `target`) and of its `target`. */
export function fitTablePreprocessing(
  table: RawTable,
  target: string,
  options: FitTableOptions = {},
): TablePreprocessing {
  const source = options.source ?? 'the table';
  if (!table.columns.includes(target)) {
    throw new DatasetError(
      source,
      `has no column '${target}'`,
      `Pass --target with one of: ${table.columns.join(', ')}`,
    );
  }
  const targets = table.rows.map((row, index) => {
    const value = row[target];
    if (isMissing(value))
      throw new DatasetError(source, `row ${index + 1} has no '${target}' value`, 'Fill it in or drop the row');
    return value!;
  });
  const numericTargets = targets.map(toNumber);
  const allNumeric = numericTargets.every((value) => value !== undefined);
  const distinct = new Set(targets.map(String));
  const task =
    options.task ??
    (!allNumeric || (numericTargets.every((value) => Number.isInteger(value)) && distinct.size <= maxIntegerClasses)
      ? 'classification'
      : 'regression');
  let classNames: string[] = [];
  let targetScale: TargetScale | undefined;
  if (task === 'classification') {
    classNames = allNumeric
      ? [...new Set(numericTargets as number[])].sort((a, b) => a - b).map(String)
      : [...distinct].sort();
    if (classNames.length < 2)
      throw new DatasetError(source, `'${target}' has one class only`, 'A classifier needs two or more');
  } else {
    if (!allNumeric) {
      throw new DatasetError(
        source,
        `'${target}' holds non-numbers`,
        'Regression needs a numeric target (or use --task classification)',
      );
    }
    targetScale = meanAndStd(numericTargets as number[]);
  }
  const columns = table.columns.filter((column) => column !== target).map((name) => fitColumn(name, table.rows));
  return {
    format: 'kiln-table-preprocessing',
    target,
    task,
    classNames,
    ...(targetScale ? { targetScale } : {}),
    columns,
    featureNames: columns.flatMap(featureNamesOf),
  };
}

/**
 * Applies fitted preprocessing to raw rows. Rows without the target column become rows to
 * predict (no labels or values); with it, every row needs a known target.
 */
export function transformTable(preprocessing: TablePreprocessing, table: RawTable, source = 'the table'): TableSet {
  const absent = preprocessing.columns.filter((column) => !table.columns.includes(column.name));
  if (absent.length > 0) {
    throw new DatasetError(
      source,
      `lacks the column(s) ${absent.map((c) => `'${c.name}'`).join(', ')} the model was trained on`,
      'Add them (empty cells count as missing)',
    );
  }
  const featureCount = preprocessing.featureNames.length;
  const count = table.rows.length;
  const features = new Float32Array(count * featureCount);
  table.rows.forEach((row, index) => {
    let at = index * featureCount;
    for (const column of preprocessing.columns) at = writeColumn(column, row, features, at);
  });
  const withTarget = table.columns.includes(preprocessing.target);
  const targetOf = (row: TableRecord, index: number) => {
    const value = row[preprocessing.target];
    if (isMissing(value))
      throw new DatasetError(
        source,
        `row ${index + 1} has no '${preprocessing.target}' value`,
        'Fill it in or drop the row',
      );
    return value!;
  };
  let labels = new Int32Array(0);
  let values = new Float32Array(0);
  if (withTarget && preprocessing.task === 'classification') {
    labels = Int32Array.from(table.rows, (row, index) => {
      const raw = targetOf(row, index);
      const number = toNumber(raw);
      const name =
        number !== undefined && preprocessing.classNames.every((c) => toNumber(c) !== undefined)
          ? String(number)
          : String(raw).trim();
      const label = preprocessing.classNames.indexOf(name);
      if (label < 0) {
        throw new DatasetError(
          source,
          `row ${index + 1}'s '${preprocessing.target}' is '${name}', a class the training rows lack`,
          `Use one of ${preprocessing.classNames.join(', ')}`,
        );
      }
      return label;
    });
  } else if (withTarget) {
    values = Float32Array.from(table.rows, (row, index) => {
      const number = toNumber(targetOf(row, index));
      if (number === undefined)
        throw new DatasetError(source, `row ${index + 1}'s '${preprocessing.target}' is not a number`, 'Fix the value');
      return number;
    });
  }
  return {
    features,
    featureCount,
    count,
    labels,
    values,
    ...(preprocessing.targetScale ? { targetScale: preprocessing.targetScale } : {}),
  };
}

function fitColumn(name: string, rows: readonly TableRecord[]): NumericColumn | CategoricalColumn {
  const present = rows.map((row) => row[name]).filter((value) => !isMissing(value));
  const indicator = present.length < rows.length;
  const numbers = present.map(toNumber);
  if (present.length > 0 && numbers.every((value) => value !== undefined)) {
    return { name, kind: 'numeric', ...meanAndStd(numbers as number[]), indicator };
  }
  const counts = new Map<string, number>();
  for (const value of present) counts.set(String(value).trim(), (counts.get(String(value).trim()) ?? 0) + 1);
  const categories = [...counts.keys()].sort();
  // The most frequent category, the first in sorted order on ties (as scikit-learn's imputer).
  const mostFrequent = categories.reduce(
    (best, category) => (counts.get(category)! > (counts.get(best) ?? 0) ? category : best),
    categories[0] ?? '',
  );
  return { name, kind: 'categorical', categories, mostFrequent, indicator };
}

function featureNamesOf(column: NumericColumn | CategoricalColumn): string[] {
  const names =
    column.kind === 'numeric' ? [column.name] : column.categories.map((category) => `${column.name}=${category}`);
  return column.indicator ? [...names, `${column.name} (missing)`] : names;
}

function writeColumn(
  column: NumericColumn | CategoricalColumn,
  row: TableRecord,
  features: Float32Array,
  at: number,
): number {
  const raw = row[column.name];
  const missing = isMissing(raw);
  if (column.kind === 'numeric') {
    const number = missing ? undefined : toNumber(raw!);
    // A non-number in a numeric column (only in rows after training) counts as missing.
    features[at++] = number === undefined ? 0 : (number - column.mean) / column.std;
    if (column.indicator) features[at++] = number === undefined ? 1 : 0;
    return at;
  }
  const category = missing ? column.mostFrequent : String(raw).trim();
  const index = column.categories.indexOf(category);
  if (index >= 0) features[at + index] = 1;
  at += column.categories.length;
  if (column.indicator) features[at++] = missing ? 1 : 0;
  return at;
}

function toNumber(value: string | number | boolean | null): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  // A constant column standardizes to 0 rather than dividing by 0 (as StandardScaler).
  return { mean, std: Math.sqrt(variance) || 1 };
}
