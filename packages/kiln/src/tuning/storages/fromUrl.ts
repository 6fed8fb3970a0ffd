import type { Storage } from './base.js';
import { InMemoryStorage } from './inMemory.js';
import { PostgresStorage } from './postgres.js';
import { StorageOpenError } from './rdb/storageOpenError.js';
import { SqliteStorage } from './sqlite.js';

const knownForms =
  'sqlite:relative/path.db, sqlite:///absolute/path.db, postgresql://user@host:port/database (or postgres://), memory:';

/** The file path in a `sqlite:` URL: `sqlite:rel/x.db` is relative, `sqlite:///abs/x.db` absolute. */
function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length);
  // '//' followed by a host name is how other URLs continue; a SQLite file has no host.
  if (rest === '' || (rest.startsWith('//') && !rest.startsWith('///'))) {
    throw new StorageOpenError(
      `'${url}' names no SQLite file; write sqlite:relative/path.db or sqlite:///absolute/path.db`,
    );
  }
  return rest.startsWith('///') ? rest.slice(2) : rest;
}

export interface StorageFromUrlOptions {
  /** Open for reading only: nothing is created or written (see SqliteStorage's and PostgresStorage's `readOnly`). */
  readonly readOnly?: boolean;
}

/** Opens the storage a URL names (as Optuna's `storage=` strings); `memory:` lives only as long as this process. */
export async function storageFromUrl(url: string, options: StorageFromUrlOptions = {}): Promise<Storage> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite':
      return SqliteStorage.open(sqlitePath(url), { readOnly: options.readOnly });
    case 'postgresql':
    case 'postgres':
      return PostgresStorage.open(url, { readOnly: options.readOnly });
    case 'memory':
      return new InMemoryStorage();
    default:
      throw new StorageOpenError(`unknown storage URL '${url}'; the known forms are ${knownForms}`);
  }
}
