import { SingleBar } from 'cli-progress';
import { Callback } from './callback.js';
import { formatLogs, type EpochLogs } from './epochLogs.js';

/** Keras' `verbose`: 0 silent, 1 a progress bar per epoch, 2 one line per epoch. */
export type Verbosity = 0 | 1 | 2;

const barSize = 30;

/** Keras' `ProgbarLogger`: prints training progress the way Keras' `fit` does for each verbosity. */
export class ProgbarLogger extends Callback {
  private bar: SingleBar | undefined;
  private started = 0;

  constructor(
    private readonly verbose: Verbosity = 1,
    /** Default stderr, so stdout stays for results. */
    private readonly stream: NodeJS.WritableStream = process.stderr,
  ) {
    super();
  }

  override onEpochBegin(epoch: number): void {
    this.started = performance.now();
    if (this.verbose !== 1) return;
    this.stream.write(`Epoch ${epoch + 1}/${this.params.epochs}\n`);
    this.bar = new SingleBar({
      format: '{value}/{total} [{bar}] - ETA: {eta}s - {logs}',
      barCompleteChar: '=',
      barIncompleteChar: '.',
      barsize: barSize,
      stream: this.stream,
      clearOnComplete: true,
      hideCursor: false,
    });
    // A resumed epoch starts at the batch it had reached.
    this.bar.start(this.params.steps, this.training.progress.batch, { logs: '' });
  }

  override onBatchEnd(batch: number, logs: EpochLogs): void {
    this.bar?.update(batch + 1, { logs: formatLogs(logs) });
  }

  override onEpochEnd(epoch: number, logs: EpochLogs): void {
    this.bar?.stop();
    this.bar = undefined;
    const elapsed = `${Math.round((performance.now() - this.started) / 1000)}s - ${formatLogs(logs)}`;
    // Keras leaves the full bar with the epoch's time and logs; the live bar is cleared for it.
    const steps = this.params.steps;
    if (this.verbose === 1) this.stream.write(`${steps}/${steps} [${'='.repeat(barSize)}] - ${elapsed}\n`);
    if (this.verbose === 2) this.stream.write(`Epoch ${epoch + 1}/${this.params.epochs} - ${elapsed}\n`);
  }

  override onTrainEnd(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
