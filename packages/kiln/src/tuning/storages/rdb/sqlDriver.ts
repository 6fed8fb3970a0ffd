/** The little SQL both relational storages need, so `RdbStorage` holds the logic once for SQLite and PostgreSQL. */
export type SqlValue = string | number | null;

export interface SqlResult<Row> {
  readonly rows: Row[];
  /** Rows inserted, updated or deleted (or returned, for statements with RETURNING). */
  readonly changes: number;
}

export interface SqlSession {
  /** `sql` uses `?` placeholders; drivers whose database wants another style rewrite them. */
  query<Row = Record<string, SqlValue>>(sql: string, params?: readonly SqlValue[]): Promise<SqlResult<Row>>;
}

/** What differs between the SQL dialects, as fragments spliced into otherwise shared statements. */
export interface SqlDialect {
  /** An auto-generated integer primary key column type. */
  readonly autoId: string;
  /** A double-precision float column type. */
  readonly float: string;
  /** An expression for the database's clock, in epoch milliseconds (so workers on skewed machines agree). */
  readonly nowMs: string;
  /** Lists the names of the tables the connection sees, one per row as `name`. */
  readonly listTables: string;
  /** Run first in the transaction that creates the schema, so workers starting at once take turns; '' if the write transaction already excludes others. */
  readonly schemaLock: string;
}

export interface SqlDriver extends SqlSession {
  readonly dialect: SqlDialect;
  /**
   * Runs `body` in one write transaction, which excludes others that touch the same rows (SQLite: any
   * other write). Commits when `body` resolves, rolls back when it throws.
   */
  transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T>;
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
