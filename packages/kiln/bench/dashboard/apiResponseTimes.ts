// The dashboard's API on a 50,000-trial SQLite study: response times of the requests a page makes,
// as ratios against a plain SELECT count(*) over the trials and a trivial API request, measured in the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startDashboard } from '../../src/dashboard/server.js';
import { SqliteStorage, storageFromUrl } from '../../src/tuning/index.js';

const TRIALS = Number(process.env.KILN_BENCH_DASHBOARD_TRIALS ?? 50_000);
const STEPS = 5;
const ROUNDS = 7;
const optimizers = ['adam', 'sgd', 'rmsprop'];

/** Fills the study in one transaction, straight through SQL: the storage API would take minutes for 50,000 trials. */
function fillStudy(path: string, studyId: number): void {
  const db = new Database(path);
  const started = Date.now() - TRIALS * 1000;
  const insertTrial = db.prepare(
    'INSERT INTO kiln_trials (study_id, number, state, value, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertParam = db.prepare(
    'INSERT INTO kiln_trial_params (trial_id, name, value_json, distribution_json) VALUES (?, ?, ?, ?)',
  );
  const insertStep = db.prepare('INSERT INTO kiln_trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)');
  const insertAttr = db.prepare(
    "INSERT INTO kiln_trial_attrs (trial_id, kind, key, value_json) VALUES (?, 'user', 'worker', ?)",
  );
  const lrDistribution = JSON.stringify({ type: 'float', low: 1e-5, high: 1, log: true });
  const xDistribution = JSON.stringify({ type: 'float', low: -5, high: 5, log: false });
  const optDistribution = JSON.stringify({ type: 'categorical', choices: optimizers });
  db.transaction(() => {
    for (let number = 0; number < TRIALS; number++) {
      const x = Math.sin(number * 12.9898) * 5;
      const lr = 10 ** (-5 + 5 * Math.abs(Math.cos(number * 78.233)));
      const state =
        number % 10 === 3 ? 'PRUNED' : number % 97 === 5 ? 'FAIL' : number >= TRIALS - 4 ? 'RUNNING' : 'COMPLETE';
      const value = state === 'COMPLETE' ? x * x + Math.log10(lr) ** 2 / 10 : null;
      const start = started + number * 1000;
      const { lastInsertRowid } = insertTrial.run(
        studyId,
        number,
        state,
        value,
        start,
        state === 'RUNNING' ? null : start + 900,
      );
      insertParam.run(lastInsertRowid, 'x', JSON.stringify(x), xDistribution);
      insertParam.run(lastInsertRowid, 'lr', JSON.stringify(lr), lrDistribution);
      insertParam.run(lastInsertRowid, 'optimizer', JSON.stringify(optimizers[number % 3]), optDistribution);
      for (let step = 1; step <= (state === 'PRUNED' ? 2 : STEPS); step++)
        insertStep.run(lastInsertRowid, step, x * x + 1 / step);
      insertAttr.run(lastInsertRowid, JSON.stringify(`worker-${number % 8}`));
    }
    db.prepare('UPDATE kiln_studies SET next_trial_number = ? WHERE study_id = ?').run(TRIALS, studyId);
  })();
  db.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const root = await mkdtemp(join(tmpdir(), 'kiln-bench-dashboard-'));
try {
  const path = join(root, 'studies.db');
  const writer = await SqliteStorage.open(path);
  const studyId = await writer.createStudy('bench', 'minimize');
  await writer.close();
  const filling = await timeMs(() => fillStudy(path, studyId));
  console.log(
    `study of ${TRIALS} trials (${STEPS} reports each, 3 parameters) written in ${(filling / 1000).toFixed(1)} s`,
  );

  const storage = await storageFromUrl(`sqlite:${path}`, { readOnly: true });
  const dashboard = await startDashboard(storage, { port: 0, host: '127.0.0.1' });
  const direct = new Database(path, { readonly: true });
  const count = direct.prepare('SELECT count(*) AS n FROM kiln_trials WHERE study_id = ?');
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(path, dashboard.url), { headers });
    const body = await response.text();
    if (response.status !== 200 && response.status !== 304) throw new Error(`${path}: ${response.status} ${body}`);
    return { response, bytes: body.length };
  };
  const plotsEtag = (await get(`/api/studies/${studyId}/plots`)).response.headers.get('etag')!;
  const requests: [string, () => Promise<unknown> | unknown][] = [
    ['baseline: SELECT count(*) (better-sqlite3, no HTTP)', () => count.get(studyId)],
    ['baseline: GET /api/studies (HTTP, one row)', () => get('/api/studies')],
    ['first page of the trials table (50, by number)', () => get(`/api/studies/${studyId}/trials?limit=50`)],
    [
      'page sorted by value, COMPLETE only',
      () => get(`/api/studies/${studyId}/trials?limit=50&sort=value&order=desc&state=COMPLETE`),
    ],
    [
      'page sorted by parameter lr, filtered x in [0, 1]',
      () => get(`/api/studies/${studyId}/trials?limit=50&sort=param:lr&param=x&min=0&max=1`),
    ],
    ['page 500 (offset 25,000)', () => get(`/api/studies/${studyId}/trials?limit=50&offset=25000`)],
    ['study facts (counts per state, parameter names)', () => get(`/api/studies/${studyId}`)],
    ['every plot (history of all trials, the rest over the latest 1,000)', () => get(`/api/studies/${studyId}/plots`)],
    ['plots unchanged: 304 by ETag', () => get(`/api/studies/${studyId}/plots`, { 'If-None-Match': plotsEtag })],
  ];
  const times = new Map<string, number[]>(requests.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of requests) times.get(name)!.push(await timeMs(work));
  }
  const plots = await get(`/api/studies/${studyId}/plots`);
  const baseline = median(times.get(requests[0]![0])!);
  const httpBaseline = median(times.get(requests[1]![0])!);
  console.log(`median of ${ROUNDS} rounds; target: under 300 ms for the first page and the plots`);
  console.log('| request | ms | x count(*) | x GET /api/studies |');
  console.log('| --- | --- | --- | --- |');
  for (const [name] of requests) {
    const ms = median(times.get(name)!);
    console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(0)} | ${(ms / httpBaseline).toFixed(1)} |`);
  }
  console.log(`plots response: ${(plots.bytes / 1e6).toFixed(2)} MB of JSON`);
  direct.close();
  await dashboard.close();
  await storage.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
