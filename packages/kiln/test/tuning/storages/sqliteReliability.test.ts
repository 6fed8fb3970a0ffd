import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeReliability } from './reliabilityScenarios.js';

describeReliability('one SQLite file', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kiln-sqlite-workers-'));
  const path = join(folder, 'study.db');
  return {
    url: `sqlite://${path}`,
    // Before removing the file: whatever the workers (and their killing) did, it must be a sound database.
    cleanup: async () => {
      const db = new Database(path, { readonly: true });
      const integrity = db.pragma('integrity_check', { simple: true });
      db.close();
      rmSync(folder, { recursive: true, force: true });
      assert.equal(integrity, 'ok');
    },
  };
});
