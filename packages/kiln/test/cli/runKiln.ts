import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface KilnResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `kiln` CLI from source in a child process, on the cpu backend unless `env` says otherwise. */
export function runKiln(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<KilnResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', main, ...args],
      { env: { ...process.env, KILN_BACKEND: 'cpu', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
