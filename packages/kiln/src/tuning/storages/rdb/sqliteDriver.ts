import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDialect, SqlDriver, SqlResult, SqlSession, SqlValue } from './sqlDriver.js';

export const sqliteDialect: SqlDialect = {
  autoId: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  float: 'REAL',
  nowMs: "(unixepoch('subsec') * 1000.0)",
  listTables: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  // BEGIN IMMEDIATE already takes the database's write lock.
  schemaLock: '',
};

/** The tail of the queue of calls on each file, shared by every connection of this process to it. */
const fileQueues = new Map<string, { tail: Promise<unknown> }>();

/**
 * `SqlDriver` over one better-sqlite3 connection. better-sqlite3 is synchronous, but a transaction's body
 * awaits between statements, so calls are queued, per file rather than per connection: a connection
 * waiting for a lock blocks the whole thread, so it must never wait for another connection of this
 * same process (it would wait out the busy timeout, then fail). Other processes are waited for.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = sqliteDialect;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queue: { tail: Promise<unknown> };

  constructor(private readonly db: Database.Database) {
    const file = resolve(db.name);
    let queue = fileQueues.get(file);
    if (!queue) fileQueues.set(file, (queue = { tail: Promise.resolve() }));
    this.queue = queue;
  }

  query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult<Row>> {
    return this.serialized(async () => this.run<Row>(sql, params));
  }

  transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T> {
    const session: SqlSession = { query: async (sql, params = []) => this.run(sql, params) };
    return this.serialized(async () => {
      // IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so a writer never
      // fails half-way trying to upgrade a read lock.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await body(session);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  isUniqueViolation(error: unknown): boolean {
    return error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  async close(): Promise<void> {
    await this.serialized(async () => this.db.close());
  }

  private run<Row>(sql: string, params: readonly SqlValue[]): SqlResult<Row> {
    try {
      return this.runStatement<Row>(sql, params);
    } catch (error) {
      throw explained(error, this.db.name);
    }
  }

  private runStatement<Row>(sql: string, params: readonly SqlValue[]): SqlResult<Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    if (statement.reader) {
      const rows = statement.all(...params) as Row[];
      return { rows, changes: rows.length };
    }
    return { rows: [], changes: statement.run(...params).changes };
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.tail.then(task);
    this.queue.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * SQLite's bare "database disk image is malformed" or "attempt to write a readonly database",
 * said with the file and what to do; other errors pass unchanged.
 */
function explained(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const message = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new Error(
      `study file '${file}' is damaged (${message}); stop writing to it. Recover what it still holds with ` +
        `\`sqlite3 '${file}' .recover | sqlite3 recovered.db\`, or restore it from a backup.`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new Error(
      `cannot write to study file '${file}' (${message}): the file or its folder is not writable by this user; check their permissions`,
      { cause: error },
    );
  }
  return error;
}
