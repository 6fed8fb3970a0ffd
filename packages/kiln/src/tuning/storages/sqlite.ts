import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { RdbStorage } from './rdb/rdbStorage.js';
import { assertUsableSchema, inspectSchema, prepareSchema } from './rdb/schema.js';
import type { SqliteDriver } from './rdb/sqliteDriver.js';
import { StorageOpenError } from './rdb/storageOpenError.js';

export interface SqliteStorageOptions {
  /** How long a write waits for another process's write lock before failing; default 30 000 ms. */
  readonly busyTimeoutMs?: number;
}

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * better-sqlite3 (a native addon) and the driver over it, loaded when a file is first opened, so that
 * importing Kiln, or tuning in memory, never loads them.
 */
async function loadSqlite(): Promise<{ Database: typeof BetterSqlite3; SqliteDriver: typeof SqliteDriver }> {
  const [{ default: Database }, { SqliteDriver }] = await Promise.all([
    import('better-sqlite3'),
    import('./rdb/sqliteDriver.js'),
  ]);
  return { Database, SqliteDriver };
}

/** What is at `path`, or null if nothing is. */
async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function hasSqliteHeader(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(sqliteHeader.length);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(sqliteHeader);
  } finally {
    await file.close();
  }
}

/** Looks at an existing file through a read-only connection, so a file that is not Kiln's is never written to. */
async function inspectExistingFile(path: string, where: string, busyTimeoutMs: number): Promise<void> {
  if (!(await hasSqliteHeader(path))) {
    throw new StorageOpenError(
      `${where} is not a SQLite database (its header is wrong); it was left untouched. Give a new file name.`,
    );
  }
  const { Database, SqliteDriver } = await loadSqlite();
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    const driver = new SqliteDriver(db);
    assertUsableSchema(await inspectSchema(driver, driver.dialect), where);
  } catch (error) {
    if (error instanceof StorageOpenError) throw error;
    throw new StorageOpenError(
      `${where} cannot be read as a SQLite database (${(error as Error).message}); it was left untouched. ` +
        'Give a new file name, or restore the file from a backup.',
      { cause: error },
    );
  } finally {
    db?.close();
  }
}

/**
 * Studies in one SQLite file, shared safely by many processes on one machine (Optuna's
 * RDBStorage("sqlite:///...")): WAL journal, a busy timeout, and every write one short transaction
 * (a single statement, or BEGIN IMMEDIATE ... COMMIT), committed before the call returns.
 */
export class SqliteStorage extends RdbStorage {
  /** Opens `path`, creating the file and Kiln's tables if there is none; refuses files that are not Kiln's. */
  static async open(path: string, options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
    const where = `study file '${resolve(path)}'`;
    try {
      return new SqliteStorage(await openDriver(path, where, options.busyTimeoutMs ?? 30_000));
    } catch (error) {
      if (error instanceof StorageOpenError) throw error;
      throw new StorageOpenError(
        `cannot open ${where}: ${(error as Error).message}. Check the path and its permissions.`,
        {
          cause: error,
        },
      );
    }
  }
}

async function openDriver(path: string, where: string, busyTimeoutMs: number): Promise<SqliteDriver> {
  const existing = await statOrNull(path);
  if (existing?.isDirectory()) throw new StorageOpenError(`${where} is a folder; give the path of a file in it.`);
  if (existing === null && (await statOrNull(dirname(resolve(path)))) === null) {
    throw new StorageOpenError(`${where} cannot be created: its folder does not exist. Create the folder first.`);
  }
  if (existing !== null && existing.size > 0) await inspectExistingFile(path, where, busyTimeoutMs);
  const { Database, SqliteDriver } = await loadSqlite();
  const db = new Database(path);
  const driver = new SqliteDriver(db);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    await prepareSchema(driver, where);
    // After the schema check, so a refused file keeps its journal mode. WAL lets readers run beside a writer;
    // NORMAL syncs at checkpoints only, yet a committed transaction survives the process being killed.
    await driver.query('PRAGMA journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return driver;
  } catch (error) {
    await driver.close();
    throw error;
  }
}
