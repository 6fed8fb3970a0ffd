// Processes training side by side on one machine (a study's workers) share its cores. Each with a
// thread per core would oversubscribe them, and the engine's OpenMP threads, which spin a moment
// before sleeping, would then take cores another process is waiting for: workers sharing the
// cores out finish a study sooner than workers with a thread per core each.
import { availableParallelism } from 'node:os';

import { isOneDnnAvailable, nativeAddon } from 'tfjs-backend-onednn';

/** Threads for each of `processes` processes sharing `cores`: the cores shared out, at least one each. */
export function threadsPerProcess(processes: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, processes)));
}

export interface CoreShare {
  /** The environment to start the other processes with (KILN_THREADS their share). */
  env: NodeJS.ProcessEnv;
  /** Gives this process its threads back, once the others are done. */
  restore(): void;
}

/**
 * Gives this process its share of the cores while `processes` (it included) train here, unless
 * KILN_THREADS already chose the threads.
 */
export function shareCores(processes: number): CoreShare {
  if (processes <= 1 || process.env.KILN_THREADS !== undefined) return { env: process.env, restore: () => {} };
  const threads = threadsPerProcess(processes);
  const native = isOneDnnAvailable().available ? nativeAddon() : null;
  const previous = native?.info().threads;
  native?.setThreads(threads);
  return {
    env: { ...process.env, KILN_THREADS: String(threads) },
    restore: () => {
      if (previous !== undefined) native?.setThreads(previous);
    },
  };
}
