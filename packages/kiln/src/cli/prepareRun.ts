import { checkThreadsSetting, setupBackend } from '../backend/select.js';
import { applyPrecisionFlag, type PrecisionFlag } from './precisionFlag.js';
import { UsageError } from './usageError.js';

export interface RunSettings {
  /** The tfjs backend in use. */
  readonly backend: string;
  /** `--seed`, or a random one (printed so the run can be repeated). */
  readonly seed: number;
}

/** Selects the backend (and the precision, for commands with --precision) and settles the seed before a command does any work. */
export async function prepareRun(options: {
  backend?: string;
  seed?: number;
  verbose: number;
  precision?: PrecisionFlag;
}): Promise<RunSettings> {
  try {
    checkThreadsSetting();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let backend: string;
  try {
    backend = await setupBackend(options.backend);
  } catch (error) {
    throw new UsageError(`--backend: ${(error as Error).message}`);
  }
  let policy = '';
  if (options.precision !== undefined) {
    try {
      policy = `, precision ${applyPrecisionFlag(options.precision)}`;
    } catch (error) {
      throw new UsageError(`--precision: ${(error as Error).message}`);
    }
  }
  const seed = options.seed ?? Math.floor(Math.random() * 1_000_000);
  if (options.verbose > 0) process.stderr.write(`backend ${backend}${policy}, seed ${seed}\n`);
  return { backend, seed };
}
