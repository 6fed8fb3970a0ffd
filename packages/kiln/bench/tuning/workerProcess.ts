// Worker processes for the benchmarks that run many at once: each prints "ready" once loaded and
// waits for a line on its stdin before starting, so that the slow start of many processes on a busy
// host is not timed and they all begin together.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WorkerProcess {
  /** Resolves once the worker printed "ready" (or ended). */
  readonly ready: Promise<void>;
  /** The last line the worker printed; rejects with its stderr's end if it exits with an error. */
  readonly report: Promise<string>;
  /** Lets the worker start. */
  go(): void;
}

export function startWorker(command: string, commandArgs: readonly string[]): WorkerProcess {
  const child: ChildProcessWithoutNullStreams = spawn(command, commandArgs, { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  let last = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  lines.on('line', (line) => (line === 'ready' ? onReady() : (last = line)));
  const report = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(last) : reject(new Error(`${command} exited with ${code}: ${stderr.slice(-2000)}`)),
    );
  });
  return {
    ready: Promise.race([ready, report.then(() => undefined)]),
    report,
    go: () => child.stdin.write('go\n'),
  };
}

/** The worker's side: says it is ready and waits for the go. */
export async function readyAndWait(): Promise<void> {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
}

/** Starts every worker, waits until all are ready, then lets them go together; returns their reports. */
export async function runTogether(
  workers: readonly WorkerProcess[],
  onGo: () => void = () => undefined,
): Promise<string[]> {
  await Promise.all(workers.map((w) => w.ready));
  onGo();
  for (const worker of workers) worker.go();
  return Promise.all(workers.map((w) => w.report));
}
