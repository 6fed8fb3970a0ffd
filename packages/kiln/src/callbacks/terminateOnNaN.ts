import { Callback } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

/** Keras' `TerminateOnNaN`: stops training at the first batch whose loss is NaN or infinite. */
export class TerminateOnNaN extends Callback {
  constructor(private readonly stream: NodeJS.WritableStream = process.stderr) {
    super();
  }

  override onBatchEnd(batch: number, logs: EpochLogs): void {
    if (Number.isFinite(logs.loss)) return;
    this.stream.write(`Batch ${batch}: Invalid loss, terminating training\n`);
    this.model.stopTraining = true;
  }
}
