import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DatasetError, describeError } from './datasetError.js';

/** One row of a table: column name to raw value (`null` when missing). */
export type TableRecord = Readonly<Record<string, string | number | boolean | null>>;

export interface RawTable {
  readonly columns: readonly string[];
  readonly rows: readonly TableRecord[];
}

/** The cells read as missing values, as pandas' `read_csv` reads them by default (a subset). */
const missingMarkers = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?']);

/** Whether a raw cell is a missing value. */
export function isMissing(value: TableRecord[string] | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && missingMarkers.has(value.trim()));
}

/**
 * Reads a table: a CSV file with a header row (csv-parse), or a JSON array of records (`.json`).
 * Values stay raw (strings from CSV); `TablePreprocessing` decides what each column is.
 */
export async function readTable(file: string): Promise<RawTable> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new DatasetError(file, `cannot be read (${describeError(error)})`, 'Check the path');
  });
  if (extname(file).toLowerCase() === '.json') return parseJsonTable(file, text);
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new DatasetError(
      file,
      `is not a valid CSV file (${describeError(error)})`,
      'Pass a CSV file with a header row',
    );
  }
  if (rows.length === 0) throw new DatasetError(file, 'has no data rows', 'Pass a CSV file with a header row and rows');
  return { columns: Object.keys(rows[0]!), rows };
}

function parseJsonTable(file: string, text: string): RawTable {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(file, `is not valid JSON (${describeError(error)})`, 'Pass a JSON array of records');
  }
  if (!Array.isArray(document) || document.length === 0) {
    throw new DatasetError(
      file,
      'is not a non-empty JSON array',
      'Pass an array of records, e.g. [{"x": 1, "y": "a"}]',
    );
  }
  const columns = new Set<string>();
  document.forEach((record: unknown, index) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new DatasetError(file, `item ${index} is not a record`, 'Every item must be an object of column values');
    }
    for (const [column, value] of Object.entries(record)) {
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        throw new DatasetError(
          file,
          `item ${index}'s '${column}' is not a string, number, boolean or null`,
          'Flatten it',
        );
      }
      columns.add(column);
    }
  });
  return { columns: [...columns], rows: document as TableRecord[] };
}
