import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReliability } from './reliabilityScenarios.js';

describeReliability('one SQLite file', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kiln-sqlite-workers-'));
  return { url: `sqlite://${join(folder, 'study.db')}`, cleanup: async () => rmSync(folder, { recursive: true, force: true }) };
});
