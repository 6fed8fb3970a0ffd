import { CommanderError } from 'commander';
import { OutputFolderError } from '../files/index.js';
import { createProgram } from './program.js';
import { UsageError } from './usageError.js';

/**
 * Runs `kiln` with `args` (without `node` and the script) and returns the exit code: 0 done,
 * 2 bad usage (commander's parse errors and UsageError), 1 anything else that failed.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  try {
    await createProgram().parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its own messages (and help/version, which exit 0).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`kiln: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError || error instanceof OutputFolderError ? 2 : 1;
  }
}
