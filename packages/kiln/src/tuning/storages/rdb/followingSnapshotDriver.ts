import { statSync } from 'node:fs';
import type { SqlDriver, SqlResult, SqlSession, SqlValue } from './sqlDriver.js';

/** A driver over the file as it is now, and whether it reads the live file (true) or a copy of it (false). */
export interface OpenedReader {
  readonly driver: SqlDriver;
  readonly live: boolean;
}

/**
 * A reader over an in-memory copy of a SQLite file that follows the file: a long-lived reader (the
 * dashboard) opened while no writer had the file open must still see the writer that comes later.
 * Before each query it looks at the file and its `-wal`; when either changed it opens the file again,
 * as a copy or, once a writer's `-wal` exists, live (a live WAL reader sees new commits by itself).
 */
export class FollowingSnapshotDriver implements SqlDriver {
  readonly dialect: SqlDriver['dialect'];
  private reader: OpenedReader;
  private stamp: string;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    first: OpenedReader,
    private readonly open: () => Promise<OpenedReader>,
  ) {
    this.reader = first;
    this.dialect = first.driver.dialect;
    this.stamp = fileStamp(path);
  }

  async query<Row>(sql: string, params?: readonly SqlValue[]): Promise<SqlResult<Row>> {
    return (await this.current()).query<Row>(sql, params);
  }

  async transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T> {
    return (await this.current()).transaction(body);
  }

  isUniqueViolation(error: unknown): boolean {
    return this.reader.driver.isUniqueViolation(error);
  }

  async close(): Promise<void> {
    await this.refreshing;
    await this.reader.driver.close();
  }

  private async current(): Promise<SqlDriver> {
    if (!this.reader.live) {
      this.refreshing ??= this.refreshIfChanged().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.reader.driver;
  }

  private async refreshIfChanged(): Promise<void> {
    const stamp = fileStamp(this.path);
    if (stamp === this.stamp) return;
    const next = await this.open();
    const previous = this.reader;
    this.reader = next;
    this.stamp = stamp;
    await previous.driver.close();
  }
}

/** What changes when a writer commits to the file or starts a write-ahead log beside it. */
function fileStamp(path: string): string {
  return [path, `${path}-wal`]
    .map((file) => {
      const stats = statSync(file, { throwIfNoEntry: false });
      return stats ? `${stats.mtimeMs}:${stats.size}` : '-';
    })
    .join('|');
}
