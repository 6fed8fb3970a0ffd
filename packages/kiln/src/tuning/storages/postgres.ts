import { PostgresDriver } from './rdb/postgresDriver.js';
import { RdbStorage } from './rdb/rdbStorage.js';
import { assertUsableSchema, inspectSchema, prepareSchema } from './rdb/schema.js';
import { StorageOpenError } from './rdb/storageOpenError.js';

export interface PostgresStorageOptions {
  /** Connections this process keeps open at most; default 4. */
  readonly poolSize?: number;
  /** How long to wait for a connection before failing; default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Read only: every transaction is read-only (`default_transaction_read_only`), and no tables are created. */
  readonly readOnly?: boolean;
}

/** The URL as it may be shown in messages: without its password. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Studies in a PostgreSQL database, shared by many workers on many machines (Optuna's
 * RDBStorage("postgresql://...")): a connection pool, row locks for trial numbering and
 * compare-and-set state changes, and the database server's clock for heartbeats.
 */
export class PostgresStorage extends RdbStorage {
  /**
   * Connects to `url` (`postgresql://user:password@host:port/database`, with libpq's `options=-c search_path=...`
   * to use a schema of its own) and creates Kiln's tables if the database is empty; refuses a database
   * that holds other tables or Kiln's tables at a newer schema version.
   */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const where = `PostgreSQL database ${redacted(url)}`;
    const driver = new PostgresDriver({
      connectionString: url,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      ...(options.readOnly === true ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    try {
      if (options.readOnly === true) {
        const schema = await inspectSchema(driver, driver.dialect);
        assertUsableSchema(schema, where);
        if (schema.version === null)
          throw new StorageOpenError(`${where} holds no studies yet (it has no Kiln tables)`);
      } else {
        await prepareSchema(driver, where);
      }
    } catch (error) {
      await driver.close();
      if (error instanceof StorageOpenError) throw error;
      throw new StorageOpenError(
        `cannot open ${where}: ${(error as Error).message || String(error)}. ` +
          'Check that the server is running and reachable, and that the database and user exist.',
        { cause: error },
      );
    }
    return new PostgresStorage(driver);
  }
}
