// The dashboard's API on a 50,000-trial SQLite study: response times of each request a page makes
// (table pages, facts, each chart), as ratios against a plain SELECT count(*) over the trials measured
// in the same run, with the host's load average (other work on the machine slows every figure).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
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

  // A worker still writing the study: every round starts with a change, so no answer comes from a cache.
  // It opens first, as a live study's workers have: a read-only connection opened while no writer is
  // active reads a snapshot of the file (see openReadOnly in src/tuning/storages/sqlite.ts).
  const worker = await SqliteStorage.open(path);
  const storage = await storageFromUrl(`sqlite:${path}`, { readOnly: true });
  const dashboard = await startDashboard(storage, { port: 0, host: '127.0.0.1' });
  let added = 0;
  const changeStudy = async () => {
    const trialId = await worker.createTrial(studyId, { state: 'RUNNING' });
    await worker.setTrialStateValue(trialId, 'COMPLETE', 10 + (added++ % 7));
  };
  const direct = new Database(path, { readonly: true });
  const count = direct.prepare('SELECT count(*) AS n FROM kiln_trials WHERE study_id = ?');
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(path, dashboard.url), { headers });
    const body = await response.text();
    if (response.status !== 200 && response.status !== 304) throw new Error(`${path}: ${response.status} ${body}`);
    return { response, bytes: body.length };
  };
  const study = `/api/studies/${studyId}`;
  const charts = ((await (await fetch(new URL(study, dashboard.url))).json()) as { charts: string[] }).charts;
  const chartPath = (name: string) => `${study}/charts/${name}`;
  const requests: [string, string][] = [
    ['baseline: GET /api/studies (HTTP, one row per study)', '/api/studies'],
    ['first page of the trials table (50, by number)', `${study}/trials?limit=50`],
    ['page sorted by value, COMPLETE only', `${study}/trials?limit=50&sort=value&order=desc&state=COMPLETE`],
    ['page sorted by parameter lr, filtered x in [0, 1]', `${study}/trials?limit=50&sort=param:lr&param=x&min=0&max=1`],
    ['page 500 (offset 25,000)', `${study}/trials?limit=50&offset=25000`],
    ['study facts (counts per state, parameter names, chart names)', study],
    ...charts.map((name): [string, string] => [`chart ${name}`, chartPath(name)]),
  ];
  const times = new Map<string, number[]>();
  const record = (name: string, ms: number) => times.set(name, [...(times.get(name) ?? []), ms]);
  const bytes = new Map<string, number>();
  const countName = 'baseline: SELECT count(*) (better-sqlite3, no HTTP)';
  const loadBefore = loadavg();
  for (let round = 0; round < ROUNDS; round++) {
    record(countName, await timeMs(() => count.get(studyId)));
    // Each request alone, right after the study changed: it pays for reading the study itself.
    for (const [name, path] of requests) {
      await changeStudy();
      record(name, await timeMs(async () => bytes.set(name, (await get(path)).bytes)));
    }
    // What the page does on each poll after a change: the facts, then the table and every chart at once.
    await changeStudy();
    record(
      'the page after a change: facts, then first page and every chart at once',
      await timeMs(async () => {
        await get(study);
        await Promise.all([get(`${study}/trials?limit=50`), ...charts.map((name) => get(chartPath(name)))]);
      }),
    );
    // A dashboard just started holds no snapshot: its first history reads every trial of the study.
    const fresh = await startDashboard(storage, { port: 0, host: '127.0.0.1' });
    record(
      'chart optimization-history, first request of a dashboard just started (reads the whole study)',
      await timeMs(async () => {
        const response = await fetch(new URL(chartPath('optimization-history'), fresh.url));
        if (!response.ok) throw new Error(`history: ${response.status}`);
        await response.text();
      }),
    );
    await fresh.close();
    // And when nothing changed: every request answered 304 by its ETag.
    const etags = await Promise.all(
      [study, ...charts.map(chartPath)].map(async (path) => [path, (await get(path)).response.headers.get('etag')!]),
    );
    record(
      'the page unchanged: facts and every chart, 304 by ETag',
      await timeMs(() => Promise.all(etags.map(([path, etag]) => get(path!, { 'If-None-Match': etag! })))),
    );
  }
  const loadAfter = loadavg();
  const baseline = median(times.get(countName)!);
  const load = (figures: number[]) => figures.map((figure) => figure.toFixed(1)).join(' ');
  console.log(
    `median of ${ROUNDS} rounds, each request right after a change to the study (a dashboard that has served the study before reads only what changed); target: under 300 ms for the first page and the history`,
  );
  console.log(
    `load average (1, 5, 15 min) on ${cpus().length} cores: ${load(loadBefore)} before, ${load(loadAfter)} after`,
  );
  console.log('| request | ms | x count(*) | KB |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, figures] of times) {
    const ms = median(figures);
    const size = bytes.get(name);
    console.log(
      `| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(0)} | ${size === undefined ? '' : (size / 1000).toFixed(0)} |`,
    );
  }
  direct.close();
  await dashboard.close();
  await storage.close();
  await worker.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
