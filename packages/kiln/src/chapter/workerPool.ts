import { spawn, type ChildProcess } from 'node:child_process';

/** The Node.js arguments (script and its flags) that start worker `index` running `quota` trials. */
export type WorkerCommand = (index: number, quota: number) => readonly string[];

const stopSignals = ['SIGINT', 'SIGTERM'] as const;

/**
 * Starts one `node <args>` process per entry, with environment `env`, sharing this process's
 * stdout and stderr, and resolves when all have exited; rejects, once all have exited, if any
 * failed. Workers still running when this process exits, or is stopped by SIGINT or SIGTERM, are
 * killed, so an interrupted run leaves no orphans training on.
 */
export async function spawnWorkers(
  commands: readonly (readonly string[])[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (commands.length === 0) return;
  const children = commands.map((args) =>
    spawn(process.execPath, [...args], { stdio: ['ignore', 'inherit', 'inherit'], env }),
  );
  const killAll = (): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  const unlisten = (): void => {
    process.off('exit', killAll);
    for (const signal of stopSignals) process.off(signal, onSignal);
  };
  // Listening to a signal replaces Node's default of dying from it, so die from it again once the workers
  // are told, unless another listener (the CLI's, which fails this process's trial first) handles it.
  const onSignal = (signal: NodeJS.Signals): void => {
    killAll();
    unlisten();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('exit', killAll);
  for (const signal of stopSignals) process.once(signal, onSignal);
  try {
    const outcomes = await Promise.all(children.map((child, index) => exitOf(child, index + 1)));
    const failures = outcomes.filter((outcome) => outcome !== null);
    if (failures.length > 0) throw new Error(`${failures.join('; ')} (its messages are above)`);
  } finally {
    unlisten();
  }
}

/** null when the worker exited with status 0, else what went wrong. */
function exitOf(child: ChildProcess, index: number): Promise<string | null> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve(`worker ${index} could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(null);
      else resolve(`worker ${index} ${signal === null ? `exited with status ${code}` : `was killed by ${signal}`}`);
    });
  });
}
