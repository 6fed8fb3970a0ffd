import type { Storage } from './storages/base.js';
import { InMemoryStorage } from './storages/inMemory.js';

/**
 * A storage from what `createStudy` was given: an instance as is, nothing / '' / 'memory' as a new
 * in-memory storage, any other string as a database URL (`sqlite:…`, `postgresql://…`). URL
 * storages load lazily, so in-memory users never load database drivers.
 */
export async function resolveStorage(storage?: string | Storage): Promise<Storage> {
  if (typeof storage === 'object') return storage;
  if (storage === undefined || storage === '' || storage === 'memory' || storage === 'memory:')
    return new InMemoryStorage();
  const { storageFromUrl } = await import('./storages/fromUrl.js');
  return storageFromUrl(storage);
}
