import { Callback, type CallbackState } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

/** The epochs run and each metric's value per epoch (`val_*` stay empty without validation data). */
export interface HistoryRecord {
  readonly epoch: number[];
  readonly history: { [metric in keyof EpochLogs]-?: number[] };
}

/** Keras' `History`: what `fit` returns, a callback that records every epoch's logs. */
export class History extends Callback implements HistoryRecord {
  epoch: number[] = [];
  history: HistoryRecord['history'] = emptyHistory();

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = emptyHistory();
  }

  override onEpochEnd(epoch: number, logs: EpochLogs): void {
    this.epoch.push(epoch);
    for (const [metric, value] of Object.entries(logs) as [keyof EpochLogs, number | undefined][])
      if (value !== undefined) this.history[metric].push(value);
  }

  /** The record alone (not the model), as reports write it. */
  toJSON(): HistoryRecord {
    return { epoch: this.epoch, history: this.history };
  }

  // A resumed run's history starts with the epochs run before the restart.
  override getState(): CallbackState {
    return { values: { epoch: this.epoch, history: this.history } };
  }

  override setState(state: CallbackState): void {
    const values = state.values as unknown as HistoryRecord;
    this.epoch = [...values.epoch];
    this.history = { ...emptyHistory(), ...values.history };
  }
}

function emptyHistory(): HistoryRecord['history'] {
  return { loss: [], acc: [], mae: [], val_loss: [], val_acc: [], val_mae: [], lr: [] };
}
