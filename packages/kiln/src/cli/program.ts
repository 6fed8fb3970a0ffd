import { Command } from 'commander';
import { commands } from './commands/index.js';

/**
 * The `kiln` program. Parse errors throw (exitOverride) instead of exiting, so `runCli` decides
 * the exit code and tests can call it in-process.
 */
export function createProgram(): Command {
  const program = new Command('kiln')
    .description(
      'Train, tune and ensemble deep-learning models on a CPU (Deep Learning with Python 7.3, in TypeScript)',
    )
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commands) register(program);
  return program;
}
