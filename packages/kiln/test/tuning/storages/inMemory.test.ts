import { InMemoryStorage } from '../../../src/tuning/storages/inMemory.js';
import { describeStorageConformance } from './storageConformance.js';

describeStorageConformance('InMemoryStorage', async () => {
  // A fake clock: heartbeats age without waiting.
  let now = Date.now();
  return {
    storage: new InMemoryStorage({ now: () => now }),
    age: async (milliseconds) => {
      now += milliseconds;
    },
  };
});
