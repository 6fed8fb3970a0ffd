import { Callback, History, type EpochLogs } from '../callbacks/index.js';
import { TrialPruned, type Trial } from '../tuning/index.js';

/**
 * Reports a metric to a trial after every epoch, at step `epochs trained`, and stops the trial
 * with `TrialPruned` when its study's pruner says so (Optuna's KerasPruningCallback). A trial
 * resumed from a backup first reports the epochs trained before the restart (from the restored
 * History), so the retry's record is whole.
 */
export class TrialPruningCallback extends Callback {
  constructor(
    private readonly trial: Trial,
    private readonly monitor: 'val_acc' | 'val_loss' | 'val_mae' | 'acc' | 'loss' | 'mae' = 'val_acc',
  ) {
    super();
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    const history = this.training.callbacks.find((callback): callback is History => callback instanceof History);
    const earlier = history?.history[this.monitor] ?? [];
    // Trial.report ignores steps already reported.
    for (const [index, value] of earlier.slice(0, epoch).entries()) await this.trial.report(value, index + 1);
    const value = logs[this.monitor];
    if (value === undefined) throw new Error(`cannot report ${this.monitor} to the trial: the logs do not have it`);
    await this.trial.report(value, epoch + 1);
    if (await this.trial.shouldPrune())
      throw new TrialPruned(`pruned after epoch ${epoch + 1} at ${this.monitor} ${value.toFixed(4)}`);
  }
}
