// Public API of the tuning concern; re-exported by src/index.ts.
export {};
export { SqliteStorage, type SqliteStorageOptions } from './storages/sqlite.js';
export { PostgresStorage, type PostgresStorageOptions } from './storages/postgres.js';
export { storageFromUrl } from './storages/fromUrl.js';
export { StorageOpenError } from './storages/rdb/storageOpenError.js';
