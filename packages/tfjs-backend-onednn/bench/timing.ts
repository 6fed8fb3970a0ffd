// What the benchmarks time with: a run's wall and CPU time, and medians over rounds.

export interface Cost {
  wallMs: number;
  cpuMs: number;
}

/** Wall and CPU (user + system, all threads) milliseconds `run` takes. */
export async function measure(run: () => Promise<void> | void): Promise<Cost> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The median of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
