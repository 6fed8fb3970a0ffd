import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface KilnResult {
  readonly code: number;
  /** The signal that ended the process, if one did. */
  readonly signal?: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KilnOptions {
  /** Added to (or, with undefined values, removed from) the environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Run as this user and group (when the tests run as root): what a user without write access sees. */
  readonly uid?: number;
  readonly gid?: number;
  readonly cwd?: string;
}

/** Starts the `kiln` CLI from source in a child process, on the cpu backend; `result` settles when it exits. */
export function startKiln(
  args: readonly string[],
  options: KilnOptions = {},
): { child: ChildProcess; result: Promise<KilnResult> } {
  let child!: ChildProcess;
  const result = new Promise<KilnResult>((resolve) => {
    child = execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      {
        env: { ...process.env, KILN_BACKEND: 'cpu', ...options.env },
        maxBuffer: 16 * 1024 * 1024,
        uid: options.uid,
        gid: options.gid,
        cwd: options.cwd,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          signal: (error as { signal?: NodeJS.Signals } | null)?.signal ?? null,
          stdout,
          stderr,
        }),
    );
  });
  return { child, result };
}

/** Runs the `kiln` CLI from source in a child process, on the cpu backend. */
export function runKiln(args: readonly string[], options: KilnOptions = {}): Promise<KilnResult> {
  return startKiln(args, options).result;
}
