import { fileSystemHandler } from '../models/fileSystemHandler.js';
import {
  Callback,
  isImprovement,
  monitoredValue,
  resolveMode,
  type CallbackState,
  type MonitorMode,
} from './callback.js';
import type { EpochLogs } from './epochLogs.js';
import { formatPathTemplate } from './pathTemplate.js';
import { saveWeights } from './weightsFile.js';

export interface ModelCheckpointArgs {
  /**
   * Where to save: a folder (the TensorFlow.js layers format, loadable by `loadModel`) or, with
   * saveWeightsOnly, a file (`loadWeights`). May hold `{epoch}` (1-based) and metric names, with
   * Python's formats: `ckpt-{epoch:02d}-{val_acc:.3f}`.
   */
  readonly filepath: string;
  /** Default 'val_loss'. */
  readonly monitor?: string;
  /** Save only when the monitored metric improves on the best so far; default false (every epoch). */
  readonly saveBestOnly?: boolean;
  /** Save the weights alone, not the architecture; default false. */
  readonly saveWeightsOnly?: boolean;
  readonly mode?: MonitorMode;
  /** With saveBestOnly, the value to beat at first (Keras' `initial_value_threshold`). */
  readonly initialValueThreshold?: number;
  readonly verbose?: boolean;
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Keras' `ModelCheckpoint`, saving at the end of every epoch, atomically (a kill mid-save leaves the
 * previous checkpoint). Its best value is part of its state, so a run resumed by BackupAndRestore
 * does not overwrite the best model with a worse one.
 */
export class ModelCheckpoint extends Callback {
  private readonly monitor: string;
  private readonly mode: 'min' | 'max';
  best: number | undefined;
  /** Where the last checkpoint went. */
  lastSaved: string | undefined;

  constructor(private readonly args: ModelCheckpointArgs) {
    super();
    if (!args.filepath) throw new Error('ModelCheckpoint needs a filepath');
    this.monitor = args.monitor ?? 'val_loss';
    this.mode = resolveMode(args.mode ?? 'auto', this.monitor);
    this.best = args.initialValueThreshold;
  }

  override async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    const path = formatPathTemplate(this.args.filepath, { epoch: epoch + 1, ...logs });
    if (this.args.saveBestOnly) {
      const current = monitoredValue(logs, this.monitor);
      if (current === undefined) {
        this.say(`Can save best model only with ${this.monitor} available, skipping.`);
        return;
      }
      if (!isImprovement(current, this.best, this.mode)) {
        this.say(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best}`);
        return;
      }
      this.say(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving model to ${path}`);
      this.best = current;
    } else {
      this.say(`Epoch ${epoch + 1}: saving model to ${path}`);
    }
    if (this.args.saveWeightsOnly) await saveWeights(this.model, path);
    else await this.model.save(fileSystemHandler(path));
    this.lastSaved = path;
  }

  override getState(): CallbackState {
    return { values: { best: this.best ?? null, lastSaved: this.lastSaved ?? null } };
  }

  override setState(state: CallbackState): void {
    const values = state.values as { best: number | null; lastSaved: string | null };
    this.best = values.best ?? undefined;
    this.lastSaved = values.lastSaved ?? undefined;
  }

  private say(message: string): void {
    if (this.args.verbose) (this.args.stream ?? process.stderr).write(`${message}\n`);
  }
}
