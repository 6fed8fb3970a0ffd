import { Callback } from './callback.js';
import type { EpochLogs } from './epochLogs.js';

/** The hooks of a callback as plain functions (tfjs' `CustomCallbackArgs`, Keras' LambdaCallback arguments). */
export interface CallbackHooks {
  onTrainBegin?(): void | Promise<void>;
  onTrainEnd?(logs?: EpochLogs): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  /** Set `model.stopTraining = true` to stop after this epoch (Keras' way), or throw to abort training. */
  onEpochEnd?(epoch: number, logs: EpochLogs): void | Promise<void>;
  onBatchBegin?(batch: number): void | Promise<void>;
  onBatchEnd?(batch: number, logs: EpochLogs): void | Promise<void>;
}

/** Keras' `LambdaCallback`: a callback made of the functions given. */
export class LambdaCallback extends Callback {
  constructor(private readonly hooks: CallbackHooks) {
    super();
  }

  override onTrainBegin(): void | Promise<void> {
    return this.hooks.onTrainBegin?.();
  }
  override onTrainEnd(logs?: EpochLogs): void | Promise<void> {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number): void | Promise<void> {
    return this.hooks.onEpochBegin?.(epoch);
  }
  override onEpochEnd(epoch: number, logs: EpochLogs): void | Promise<void> {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onBatchBegin(batch: number): void | Promise<void> {
    return this.hooks.onBatchBegin?.(batch);
  }
  override onBatchEnd(batch: number, logs: EpochLogs): void | Promise<void> {
    return this.hooks.onBatchEnd?.(batch, logs);
  }
}
