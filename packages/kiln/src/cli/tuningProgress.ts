import { wantsLiveProgress } from '../data/index.js';
import type { FrozenTrial, StudyDirection } from '../tuning/index.js';
import { bestTrialOf } from '../tuning/trialQueries.js';

/** Seconds as people read them: 42s, 3m05s, 1h02m. */
function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The status line: trials done of the target, how they ended, the best so far and the time left at this pace. */
export function formatTuningStatus(
  trials: readonly FrozenTrial[],
  direction: StudyDirection,
  target: number,
  elapsedSeconds: number,
  doneAtStart: number,
): string {
  const count = (state: FrozenTrial['state']): number => trials.filter((trial) => trial.state === state).length;
  const done = count('COMPLETE') + count('PRUNED');
  const best = bestTrialOf(trials, direction);
  const finishedHere = done - doneAtStart;
  const eta =
    finishedHere > 0 && done < target ? ` · ETA ${duration((elapsedSeconds / finishedHere) * (target - done))}` : '';
  return (
    `trials ${done}/${target} · ${count('COMPLETE')} complete · ${count('PRUNED')} pruned · ${count('FAIL')} failed · ${count('RUNNING')} running` +
    (best ? ` · best ${best.value!.toFixed(4)} (#${best.number})` : '') +
    eta
  );
}

/**
 * `kiln tune`'s progress: a line per finished trial on stdout and, on a terminal outside CI, a
 * status line on stderr redrawn below them; in pipes and CI only the trial lines.
 */
export class TuningProgress {
  private readonly live: boolean;
  private readonly started = performance.now();
  private statusShown = false;
  /** The updates in the order their trials ended: each waits for the study's trials to be read. */
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: number,
    private readonly doneAtStart: number,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {
    this.live = wantsLiveProgress(stderr);
  }

  /**
   * Prints `line` for a finished trial, then the status of the study as `readTrials` finds it (every
   * worker's trials, not only this process's); updates print in the order they were asked for.
   */
  trialEnded(line: string, readTrials: () => Promise<readonly FrozenTrial[]>, direction: StudyDirection): void {
    this.pending = this.pending.then(async () => {
      const trials = this.live ? await readTrials().catch(() => []) : [];
      this.update(line, trials, direction);
    });
  }

  /** Waits for the updates under way, then removes the status line. */
  async finish(): Promise<void> {
    await this.pending;
    this.clear();
  }

  private update(line: string, trials: readonly FrozenTrial[], direction: StudyDirection): void {
    this.clear();
    this.stdout.write(line);
    if (!this.live) return;
    const elapsed = (performance.now() - this.started) / 1000;
    this.stderr.write(formatTuningStatus(trials, direction, this.target, elapsed, this.doneAtStart));
    this.statusShown = true;
  }

  private clear(): void {
    if (this.statusShown) this.stderr.write('\r\x1b[K');
    this.statusShown = false;
  }
}
