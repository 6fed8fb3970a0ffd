import { shareCores } from '../backend/shareCores.js';
import type { Study } from '../tuning/index.js';
import { chapterObjective, type ChapterObjectiveOptions } from './objective.js';
import { countTrials, runTuningWorker, type TuningWorkerOptions } from './tuningStudy.js';
import { spawnWorkers, type WorkerCommand } from './workerPool.js';

export interface ChapterWorkerOptions extends ChapterObjectiveOptions, TuningWorkerOptions {}

export interface ChapterTuneOptions extends Omit<ChapterWorkerOptions, 'quota'> {
  /** Processes on this machine, this one included; default 1. */
  readonly workers?: number;
  /** How to start worker `index` (1..workers-1) running `quota` trials of the same study. */
  readonly workerCommand?: WorkerCommand;
}

/**
 * Runs up to `quota` trials of the chapter's search on `study` (opened with `openTuningStudy`) in
 * this process, stopping early once the study as a whole has `nTrials`.
 */
export async function runChapterWorker(study: Study, options: ChapterWorkerOptions): Promise<void> {
  await runTuningWorker(study, chapterObjective(options), options);
}

/** `remaining` trials shared among `workers` processes as evenly as possible, earlier ones taking the extra. */
export function shareTrials(remaining: number, workers: number): number[] {
  return Array.from(
    { length: workers },
    (_, index) => Math.floor(remaining / workers) + (index < remaining % workers ? 1 : 0),
  );
}

/**
 * Tunes the chapter's convnets until `study` (opened with `openTuningStudy`) has `nTrials`
 * finished trials (those of earlier runs count), in this process and `workers - 1` spawned ones.
 */
export async function tuneChapter(study: Study, options: ChapterTuneOptions): Promise<void> {
  const workers = options.workers ?? 1;
  const shares = shareTrials(Math.max(0, options.nTrials - (await countTrials(study, false))), workers);
  if (workers > 1 && options.workerCommand === undefined)
    throw new Error('tuneChapter: workers > 1 needs a workerCommand to start them');
  const commands = shares
    .slice(1)
    .flatMap((quota, offset) => (quota > 0 ? [options.workerCommand!(offset + 1, quota)] : []));
  const cores = shareCores(1 + commands.length);
  // Settled into a value at once, so a worker failing while this process trains is not an unhandled rejection.
  const spawned = spawnWorkers(commands, cores.env).then(
    () => null,
    (error: unknown) => ({ error }),
  );
  let failure: { error: unknown } | null;
  try {
    await runChapterWorker(study, { ...options, quota: shares[0] ?? 0 });
  } finally {
    // An error of this process's own trials wins over a worker's, whose messages are on stderr already.
    failure = await spawned;
    cores.restore();
  }
  if (failure !== null) throw failure.error;
  await study.refresh();
}
