import { SingleBar } from 'cli-progress';
import { formatLogs, type EpochLogs } from './epochLogs.js';

/** Keras' `verbose`: 0 silent, 1 a progress bar per epoch, 2 one line per epoch. */
export type Verbosity = 0 | 1 | 2;

const barSize = 30;

/** Prints training progress the way Keras' `fit` does for each verbosity. */
export class TrainingLogger {
  private bar: SingleBar | undefined;
  private batches = 0;

  constructor(
    private readonly verbose: Verbosity,
    private readonly epochs: number,
    private readonly stream: NodeJS.WritableStream,
  ) {}

  epochBegin(epoch: number, batches: number): void {
    if (this.verbose !== 1) return;
    this.stream.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
    this.batches = batches;
    this.bar = new SingleBar({
      format: '{value}/{total} [{bar}] - ETA: {eta}s - {logs}',
      barCompleteChar: '=',
      barIncompleteChar: '.',
      barsize: barSize,
      stream: this.stream,
      clearOnComplete: true,
      hideCursor: false,
    });
    this.bar.start(batches, 0, { logs: '' });
  }

  batchEnd(batch: number, logs: EpochLogs): void {
    this.bar?.update(batch + 1, { logs: formatLogs(logs) });
  }

  epochEnd(epoch: number, logs: EpochLogs, seconds: number): void {
    this.bar?.stop();
    this.bar = undefined;
    const elapsed = `${Math.round(seconds)}s - ${formatLogs(logs)}`;
    // Keras leaves the full bar with the epoch's time and logs; the live bar is cleared for it.
    if (this.verbose === 1)
      this.stream.write(`${this.batches}/${this.batches} [${'='.repeat(barSize)}] - ${elapsed}\n`);
    if (this.verbose === 2) this.stream.write(`Epoch ${epoch + 1}/${this.epochs} - ${elapsed}\n`);
  }
}
