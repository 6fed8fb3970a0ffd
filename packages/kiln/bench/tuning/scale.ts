// Scale on PostgreSQL, measured (not a test): many worker processes on this machine share one
// PostgreSQL study of a trivial ten-parameter objective under Kiln's default TPE sampler, then the same
// with Optuna 3.1 (python3-optuna, psycopg2) on the same server. Checks that exactly the asked number of
// trials finished, numbered 0..N-1 once each, each with every parameter every worker sampled for it;
// prints trials per second side by side, and where Kiln's time goes (reading the history, sampling,
// writing; by quarter of the study, as the history grows), what the server's connections were doing
// (pg_stat_activity) and the CPU the workers and the server used.
//   npm run bench -- tuningscale     (starts a throwaway PostgreSQL server on $KILN_BENCH_POSTGRES_PORT)
//   node --import tsx packages/kiln/bench/tuning/scale.ts [--workers 32] [--trials 2000] [--only kiln|optuna]
//        (by hand: KILN_TEST_POSTGRES_URL names a server whose user may create databases)
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { ParamValue } from '../../src/tuning/distributions.js';
import type { FrozenTrial } from '../../src/tuning/frozenTrial.js';
import type { Sampler } from '../../src/tuning/samplers/base.js';
import { TPESampler } from '../../src/tuning/samplers/tpe/sampler.js';
import type { Storage } from '../../src/tuning/storages/base.js';
import { PostgresStorage } from '../../src/tuning/storages/postgres.js';
import { createStudy, loadStudy } from '../../src/tuning/study.js';
import { createPostgresTestDatabase } from '../../test/tuning/storages/postgresTestDatabase.js';
import { trivialObjective } from './testFunctions.js';
import { readyAndWait, runTogether, startWorker } from './workerProcess.js';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '32' },
    trials: { type: 'string', default: '2000' },
    python: { type: 'string', default: process.env['KILN_BENCH_PYTHON'] ?? '/usr/bin/python3' },
    only: { type: 'string' },
    // Internal: run as one Kiln worker process (JSON of WorkerTask).
    worker: { type: 'string' },
  },
});
const STUDY = 'scale';
const PARAMS = 10;
const LOW = -10;
const HIGH = 10;

interface WorkerTask {
  readonly url: string;
  readonly seed: number;
  readonly trials: number;
  /** The study's size, for the quarters the timings are kept by. */
  readonly studyTrials: number;
}

/** Milliseconds spent per kind of call, by quarter of the study (by the history size last read). */
type Timings = Record<string, number[]>;

interface WorkerReport {
  /** [trial number, the parameters the objective got]: what must be in the storage afterwards. */
  readonly samples: Array<[number, Record<string, ParamValue>]>;
  readonly cpuSeconds: number;
  readonly timings: Timings;
  /** Trials run per quarter (by the history size read when each began). */
  readonly trialsByQuarter: number[];
}

/** Wraps every method of `target` so that its time (to the promise's end, if it returns one) adds to `spent`. */
function timed<T extends object>(target: T, spent: (method: string, ms: number, result: unknown) => void): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const member: unknown = Reflect.get(object, key, receiver);
      if (typeof member !== 'function' || typeof key !== 'string') return member;
      return (...callArgs: unknown[]) => {
        const started = performance.now();
        const result: unknown = (member as (...a: unknown[]) => unknown).apply(object, callArgs);
        if (result instanceof Promise)
          return result.then((value: unknown) => (spent(key, performance.now() - started, value), value));
        spent(key, performance.now() - started, result);
        return result;
      };
    },
  });
}

async function kilnWorker(task: WorkerTask): Promise<void> {
  const timings: Timings = {};
  const trialsByQuarter = [0, 0, 0, 0];
  let historySize = 0;
  const quarter = (): number => Math.min(3, Math.floor((4 * historySize) / task.studyTrials));
  const add = (kind: string, ms: number): void => {
    (timings[kind] ??= [0, 0, 0, 0])[quarter()]! += ms;
  };
  const storage = timed<Storage>(await PostgresStorage.open(task.url), (method, ms, result) => {
    if (method === 'getAllTrials') {
      historySize = (result as FrozenTrial[]).length;
      trialsByQuarter[quarter()]! += 1;
    }
    add(method, ms);
  });
  const sampler = timed<Sampler>(new TPESampler({ seed: task.seed }), (method, ms) => add(method, ms));
  const study = await loadStudy({ storage, studyName: STUDY, sampler });
  // The timings count the trials only: `refresh` on loading read the history once already.
  for (const kind of Object.keys(timings)) delete timings[kind];
  trialsByQuarter.fill(0);
  const samples: WorkerReport['samples'] = [];
  await readyAndWait();
  const cpu = process.cpuUsage();
  await study.optimize(
    async (trial) => {
      const value = await trivialObjective(trial);
      samples.push([trial.number, trial.params]);
      return value;
    },
    { nTrials: task.trials, catch: false },
  );
  const { user, system } = process.cpuUsage(cpu);
  const report: WorkerReport = { samples, cpuSeconds: (user + system) / 1e6, timings, trialsByQuarter };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await storage.close();
}

if (args.worker !== undefined) {
  await kilnWorker(JSON.parse(args.worker) as WorkerTask);
  process.exit(0);
}

const nWorkers = Number(args.workers);
const nTrials = Number(args.trials);
const self = fileURLToPath(import.meta.url);
const optunaScript = join(dirname(self), 'optuna_bench.py');
const perWorker = (w: number): number => Math.floor(nTrials / nWorkers) + (w < nTrials % nWorkers ? 1 : 0);

/** CPU seconds the PostgreSQL server has used so far: the postmaster, its live backends and those it reaped. */
function serverCpuSeconds(postmaster: number): number {
  const fields = (pid: string): string[] | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null; // exited meanwhile
    }
  };
  // After the command's ')': state is field 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14.
  let ticks = 0;
  const own = fields(String(postmaster));
  if (own) ticks += Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const child = fields(pid);
    if (child && Number(child[1]) === postmaster) ticks += Number(child[11]) + Number(child[12]);
  }
  return ticks / 100; // Linux's USER_HZ
}

/** What the study's connections do, sampled every 100 ms: mean connections per activity. */
class ActivitySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.pending = this.pending.then(() => this.sample());
    }, 100);
  }

  async stop(): Promise<Record<string, number>> {
    clearInterval(this.timer);
    await this.pending;
    return Object.fromEntries([...this.counts].map(([activity, n]) => [activity, n / Math.max(1, this.samples)]));
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ activity: string; n: number }>(
      `SELECT CASE WHEN state = 'active' THEN 'active: ' || COALESCE(wait_event_type || ' ' || wait_event, 'running')
                   ELSE COALESCE(state, 'unknown') END AS activity, CAST(COUNT(*) AS INTEGER) AS n
       FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1`,
      [this.database],
    );
    this.samples += 1;
    for (const { activity, n } of rows) this.counts.set(activity, (this.counts.get(activity) ?? 0) + n);
  }
}

interface RunResult {
  readonly seconds: number;
  readonly workerCpuSeconds: number;
  readonly serverCpuSeconds: number;
  readonly activity: Record<string, number>;
  readonly reports: string[];
}

/** Starts the workers, waits until every one is ready, lets them go together and times them to the last one's end. */
async function runWorkers(
  serverUrl: string,
  database: string,
  commands: Array<[string, string[]]>,
): Promise<RunResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const postmaster = Number(readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    const activity = new ActivitySampler(client, database);
    let serverCpu = 0;
    let started = 0;
    const reports = await runTogether(
      commands.map(([command, commandArgs]) => startWorker(command, commandArgs)),
      () => {
        serverCpu = serverCpuSeconds(postmaster);
        started = performance.now();
        activity.start();
      },
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds,
      workerCpuSeconds: reports.reduce((sum, line) => sum + (JSON.parse(line) as { cpuSeconds: number }).cpuSeconds, 0),
      serverCpuSeconds: serverCpuSeconds(postmaster) - serverCpu,
      activity: await activity.stop(),
      reports,
    };
  } finally {
    await client.end();
  }
}

/** The checks: exactly nTrials COMPLETE trials numbered 0..nTrials-1, each holding every sample a worker got for it. */
function check(
  trials: ReadonlyArray<{ number: number; state: string; params: Record<string, unknown> }>,
  samples: Array<[number, Record<string, unknown>]>,
): string[] {
  const problems: string[] = [];
  const complete = trials.filter((t) => t.state === 'COMPLETE').length;
  if (trials.length !== nTrials || complete !== nTrials)
    problems.push(`${trials.length} trials, ${complete} COMPLETE (expected exactly ${nTrials})`);
  const numbers = trials.map((t) => t.number).sort((a, b) => a - b);
  if (!numbers.every((n, i) => n === i)) problems.push('trial numbers are not 0..N-1 once each');
  const stored = new Map(trials.map((t) => [t.number, t.params]));
  const sampled = new Set<number>();
  let lost = 0;
  for (const [number, params] of samples) {
    if (sampled.has(number)) problems.push(`trial ${number} was run by two workers`);
    sampled.add(number);
    const kept = stored.get(number);
    const complete = Object.keys(params).length === PARAMS;
    if (!complete || kept === undefined || Object.entries(params).some(([name, v]) => !Object.is(kept[name], v)))
      lost += 1;
  }
  if (lost > 0) problems.push(`${lost} trials' samples are not stored as the worker got them`);
  if (sampled.size !== nTrials) problems.push(`the workers report ${sampled.size} trials, not ${nTrials}`);
  for (const t of trials) {
    const values = Object.values(t.params);
    if (values.length !== PARAMS || values.some((v) => typeof v !== 'number' || v < LOW || v > HIGH))
      problems.push(`trial ${t.number} holds ${values.length} params, not ${PARAMS} within [${LOW}, ${HIGH}]`);
  }
  return problems;
}

async function kiln(
  serverUrl: string,
): Promise<RunResult & { problems: string[]; timings: Timings; trialsByQuarter: number[] }> {
  const database = await createPostgresTestDatabase('scale_kiln');
  try {
    const setup = await createStudy({ storage: database.url, studyName: STUDY });
    await setup.storage.close();
    const commands = Array.from({ length: nWorkers }, (_, w): [string, string[]] => {
      const task: WorkerTask = { url: database.url, seed: w, trials: perWorker(w), studyTrials: nTrials };
      return [process.execPath, ['--import', 'tsx', self, '--worker', JSON.stringify(task)]];
    });
    const result = await runWorkers(serverUrl, new URL(database.url).pathname.slice(1), commands);
    const reports = result.reports.map((line) => JSON.parse(line) as WorkerReport);
    const storage = await PostgresStorage.open(database.url);
    const trials = await storage.getAllTrials(await storage.getStudyIdFromName(STUDY));
    await storage.close();
    const timings: Timings = {};
    const trialsByQuarter = [0, 0, 0, 0];
    for (const report of reports) {
      for (const [kind, ms] of Object.entries(report.timings))
        ms.forEach((m, q) => ((timings[kind] ??= [0, 0, 0, 0])[q]! += m));
      report.trialsByQuarter.forEach((n, q) => (trialsByQuarter[q]! += n));
    }
    return {
      ...result,
      problems: check(
        trials as Array<FrozenTrial & { params: Record<string, unknown> }>,
        reports.flatMap((r) => r.samples),
      ),
      timings,
      trialsByQuarter,
    };
  } finally {
    await database.drop();
  }
}

async function optuna(serverUrl: string): Promise<(RunResult & { problems: string[] }) | string> {
  const database = await createPostgresTestDatabase('scale_optuna');
  try {
    const url = database.url.replace(/^postgres(ql)?:/, 'postgresql+psycopg2:');
    const python = (scriptArgs: string[]): Promise<string> =>
      startWorker(args.python!, [optunaScript, ...scriptArgs, url, STUDY]).report;
    const created = await python(['scale-create']).then(
      () => null,
      (error: Error) => error.message.trim().split('\n').at(-1)!,
    );
    if (created !== null) return `Optuna unavailable through ${args.python}: ${created}`;
    const commands = Array.from({ length: nWorkers }, (_, w): [string, string[]] => [
      args.python!,
      [optunaScript, 'scale-worker', url, STUDY, String(w), String(perWorker(w))],
    ]);
    const result = await runWorkers(serverUrl, new URL(database.url).pathname.slice(1), commands);
    const reports = result.reports.map(
      (line) => JSON.parse(line) as { samples: Array<[number, Record<string, unknown>]> },
    );
    const trials = await python(['scale-trials']);
    return {
      ...result,
      problems: check(
        JSON.parse(trials) as Array<{ number: number; state: string; params: Record<string, unknown> }>,
        reports.flatMap((r) => r.samples),
      ),
    };
  } finally {
    await database.drop();
  }
}

const serverUrl = process.env['KILN_TEST_POSTGRES_URL'];
if (!serverUrl) {
  console.error(
    'scale.ts needs a PostgreSQL server: run `npm run bench -- tuningscale`, which starts a throwaway one, ' +
      'or set KILN_TEST_POSTGRES_URL to a server whose user may create databases',
  );
  process.exit(2);
}
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `Scale: ${nWorkers} worker processes share one PostgreSQL study for ${nTrials} trials of a trivial ${PARAMS}-parameter objective (TPE)`,
);
console.log(`(load average before: ${load}; the workers and the server share this machine's cores)`);
const rows: Array<[string, RunResult & { problems: string[] }]> = [];
if (args.only !== 'optuna') {
  const result = await kiln(serverUrl);
  rows.push(['Kiln', result]);
  const perTrial = (ms: number, q: number): string => (ms / Math.max(1, result.trialsByQuarter[q]!)).toFixed(1);
  console.log(`\nKiln, ms of a worker's time per trial, by quarter of the study (as its history grows):`);
  console.log(`${'call'.padEnd(26)}${['1st', '2nd', '3rd', '4th'].map((q) => q.padStart(9)).join('')}`);
  const kinds = Object.entries(result.timings).sort(
    ([, a], [, b]) => b.reduce((s, x) => s + x) - a.reduce((s, x) => s + x),
  );
  for (const [kind, ms] of kinds)
    console.log(`${kind.padEnd(26)}${ms.map((m, q) => perTrial(m, q).padStart(9)).join('')}`);
  const wall = (nWorkers * result.seconds * 1000) / nTrials;
  console.log(`${'(wall time per trial)'.padEnd(26)}${wall.toFixed(1).padStart(9)} (all quarters)`);
}
if (args.only !== 'kiln') {
  const result = await optuna(serverUrl);
  if (typeof result === 'string') console.log(`\n(${result})`);
  else rows.push(['Optuna 3.1', result]);
}
console.log(
  `\n${'library'.padEnd(12)}${'trials/s'.padStart(10)}${'seconds'.padStart(9)}${'worker CPU s'.padStart(14)}${'server CPU s'.padStart(14)}  checks`,
);
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(12)}${(nTrials / r.seconds).toFixed(1).padStart(10)}${r.seconds.toFixed(1).padStart(9)}` +
      `${r.workerCpuSeconds.toFixed(1).padStart(14)}${r.serverCpuSeconds.toFixed(1).padStart(14)}  ` +
      (r.problems.length === 0
        ? `${nTrials} COMPLETE, numbers 0..${nTrials - 1} once each, every sample stored`
        : `FAILED: ${r.problems.slice(0, 5).join('; ')}`),
  );
}
for (const [name, r] of rows) {
  const activity = Object.entries(r.activity)
    .sort(([, a], [, b]) => b - a)
    .map(([what, n]) => `${what} ${n.toFixed(1)}`)
    .join(', ');
  console.log(`${name} connections, mean over the run: ${activity}`);
}
if (rows.some(([, r]) => r.problems.length > 0)) process.exitCode = 1;
