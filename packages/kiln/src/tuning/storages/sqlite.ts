import { constants, type Stats } from 'node:fs';
import { access, open, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { RdbStorage } from './rdb/rdbStorage.js';
import { assertUsableSchema, inspectSchema, prepareSchema } from './rdb/schema.js';
import { FollowingSnapshotDriver, type OpenedReader } from './rdb/followingSnapshotDriver.js';
import type { SqlDriver } from './rdb/sqlDriver.js';
import type { SqliteDriver } from './rdb/sqliteDriver.js';
import { StorageOpenError } from './rdb/storageOpenError.js';

export interface SqliteStorageOptions {
  /** How long a write waits for another process's write lock before failing; default 30 000 ms. */
  readonly busyTimeoutMs?: number;
  /**
   * Open for reading only: the file must exist, nothing is created or written (no tables, no
   * journal files), and a file in a folder this user cannot write can still be read.
   */
  readonly readOnly?: boolean;
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

/** SQLite's own integrity check: a damaged file is refused before anything reads or writes it. */
function assertIntact(db: BetterSqlite3.Database, path: string, where: string): void {
  const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((row) =>
    row.quick_check.replace(/\s*\n\s*/g, ' '),
  );
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new StorageOpenError(
    `${where} is damaged (SQLite's integrity check found: ${problems.join('; ')}); it was left untouched. ` +
      `Recover what it still holds with \`sqlite3 '${path}' .recover | sqlite3 recovered.db\` and use --storage sqlite:recovered.db, ` +
      'or restore the file from a backup.',
  );
}

/** Errors that say the file is not a (whole) SQLite database, rather than that it could not be reached. */
const damagedCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * A read-only connection to `path` that creates no file beside it. SQLite's read-only connection to
 * a WAL database creates (and leaves) `-wal` and `-shm` files, and fails in a folder this user
 * cannot write; with no `-wal` beside the file no writer is active and the file alone is the whole
 * database, so it is read from a snapshot in memory instead.
 */
async function openReadOnly(
  path: string,
  busyTimeoutMs: number,
): Promise<{ db: BetterSqlite3.Database; live: boolean }> {
  const { Database } = await loadSqlite();
  const bytes = await readFile(path);
  const walMode = bytes.length > 19 && bytes[18] === 2;
  if (walMode && (await statOrNull(`${path}-wal`)) === null) {
    // The format bytes 18-19 say "WAL"; the in-memory copy has no WAL, so mark it a rollback-journal file.
    bytes[18] = bytes[19] = 1;
    return { db: new Database(bytes, { readonly: true }), live: false };
  }
  return { db: new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs }), live: true };
}

/** Looks at an existing file through a read-only connection, so a file that is not Kiln's, or is damaged, is never written to. */
async function inspectExistingFile(
  path: string,
  where: string,
  busyTimeoutMs: number,
): Promise<{ db: BetterSqlite3.Database; live: boolean }> {
  if (!(await hasSqliteHeader(path))) {
    throw new StorageOpenError(
      `${where} is not a SQLite database (its header is wrong); it was left untouched. Give a new file name.`,
    );
  }
  const { SqliteDriver } = await loadSqlite();
  let db: BetterSqlite3.Database | undefined;
  try {
    const opened = await openReadOnly(path, busyTimeoutMs);
    db = opened.db;
    assertIntact(db, path, where);
    const driver = new SqliteDriver(db);
    assertUsableSchema(await inspectSchema(driver, driver.dialect), where);
    return opened;
  } catch (error) {
    db?.close();
    if (error instanceof StorageOpenError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (damagedCodes.has(code)) {
      throw new StorageOpenError(
        `${where} is damaged (${(error as Error).message}); it was left untouched. ` +
          `Recover what it still holds with \`sqlite3 '${path}' .recover | sqlite3 recovered.db\`, or restore the file from a backup.`,
        { cause: error },
      );
    }
    throw new StorageOpenError(`cannot read ${where}: ${(error as Error).message}${code ? ` (${code})` : ''}`, {
      cause: error,
    });
  }
}

/** Writing needs the file and its folder (SQLite keeps its -wal and -shm files beside the database) to be writable. */
async function assertWritable(path: string, exists: boolean, where: string): Promise<void> {
  const folder = dirname(resolve(path));
  for (const [target, what] of [
    ...(exists ? [[path, 'the file'] as const] : []),
    [folder, `its folder ${folder} (SQLite writes its journal files beside the database)`] as const,
  ]) {
    try {
      await access(target, constants.W_OK);
    } catch (error) {
      throw new StorageOpenError(
        `cannot write to ${where}: ${what} is not writable by this user (${(error as NodeJS.ErrnoException).code}); ` +
          'it was left untouched. `kiln study list|show|best` can still read it; to tune, copy it somewhere you can write.',
        { cause: error },
      );
    }
  }
}

/**
 * Studies in one SQLite file, shared safely by many processes on one machine (Optuna's
 * RDBStorage("sqlite:///...")): WAL journal, a busy timeout, and every write one short transaction
 * (a single statement, or BEGIN IMMEDIATE ... COMMIT), committed before the call returns.
 */
export class SqliteStorage extends RdbStorage {
  /**
   * Opens `path`, creating the file and Kiln's tables if there is none (unless `readOnly`); refuses
   * files that are not Kiln's, damaged files and, for writing, files this user cannot write.
   */
  static async open(path: string, options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
    const where = `study file '${resolve(path)}'`;
    const busyTimeoutMs = options.busyTimeoutMs ?? 30_000;
    try {
      return new SqliteStorage(
        options.readOnly === true
          ? await openReadOnlyDriver(path, where, busyTimeoutMs)
          : await openDriver(path, where, busyTimeoutMs),
      );
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
  await assertWritable(path, existing !== null, where);
  if (existing !== null && existing.size > 0) (await inspectExistingFile(path, where, busyTimeoutMs)).db.close();
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

async function openReadOnlyDriver(path: string, where: string, busyTimeoutMs: number): Promise<SqlDriver> {
  const existing = await statOrNull(path);
  if (existing === null) {
    throw new StorageOpenError(
      `${where} does not exist: nothing has been tuned there yet (\`kiln tune\` creates it); check --storage`,
    );
  }
  if (existing.isDirectory()) throw new StorageOpenError(`${where} is a folder; give the path of a file in it.`);
  if (existing.size === 0) throw new StorageOpenError(`${where} is empty: it holds no studies yet`);
  const { SqliteDriver } = await loadSqlite();
  const openReader = async (): Promise<OpenedReader> => {
    const { db, live } = await inspectExistingFile(path, where, busyTimeoutMs);
    return { driver: new SqliteDriver(db), live };
  };
  const first = await openReader();
  const schema = await inspectSchema(first.driver, first.driver.dialect);
  if (schema.version === null) {
    await first.driver.close();
    throw new StorageOpenError(`${where} holds no studies yet (it has no Kiln tables)`);
  }
  return first.live ? first.driver : new FollowingSnapshotDriver(path, first, openReader);
}
