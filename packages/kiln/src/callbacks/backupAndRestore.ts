import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Dropout, type DropoutRandomState } from '../models/layers/dropout.js';
import { getLearningRate, setLearningRate } from '../optimizers/learningRate.js';
import { Callback, type TrainingProgress } from './callback.js';
import type { RunsLast } from './callbackList.js';
import { readTensorFile, writeTensorFile } from './tensorFile.js';
import { weightsMismatch } from './weightsFile.js';

/** What identifies a run beyond what `fit` knows (model name, dataset, options): a backup of another run is refused. */
export type RunFingerprint = { readonly [key: string]: string | number | boolean | null };

export interface BackupAndRestoreArgs {
  /** The folder of the backup (one file, `backup.kiln`, replaced whole at each save). */
  readonly backupDir: string;
  /** 'epoch' (default): back up after every epoch; N: also after every N batches. */
  readonly saveFreq?: 'epoch' | number;
  /** Delete the backup once training ends (Keras' default, true); false keeps it for the caller to remove. */
  readonly deleteCheckpoint?: boolean;
  /**
   * Compared with the backup's: a backup whose fingerprint differs is refused, naming what differs. A
   * function is called at each save and restore, so it may name what is known only once the model is
   * built (a tuning trial's parameters, suggested by the model's `build`).
   */
  readonly fingerprint?: RunFingerprint | (() => RunFingerprint);
  readonly verbose?: boolean;
  readonly stream?: NodeJS.WritableStream;
}

/** The backup file's JSON: everything but the tensors, which follow in the order `tensorCounts` gives. */
interface BackupHeader {
  readonly version: 1;
  readonly fingerprint: RunFingerprint;
  readonly progress: TrainingProgress;
  readonly stopped: boolean;
  readonly optimizer: { readonly learningRate: number; readonly weightNames: readonly string[] };
  readonly dropout: readonly (DropoutRandomState | null)[];
  readonly callbacks: readonly { readonly className: string; readonly values: unknown; readonly tensors: number }[];
  readonly modelWeights: number;
}

const backupFile = 'backup.kiln';

/**
 * Keras' `BackupAndRestore`, made exact: a run killed at any moment and started again with the same
 * arguments continues from its last backup and ends with the weights the uninterrupted run would
 * have had. A backup holds the model's weights, the optimizer's slots, step count and learning rate
 * (so schedules resume), every callback's state (EarlyStopping's wait and best, ModelCheckpoint's
 * best, History, CSVLogger's rows, ...), the epoch and batch reached with the epoch's running
 * sums, the shuffle seed, and each Dropout layer's random state. A backup taken at the end of an
 * epoch resumes at the next one: no epoch runs twice. Saves are atomic and durable (the previous
 * backup stays until the new one is whole). It runs after every other callback, so the state it
 * saves includes their work of the same epoch.
 */
export class BackupAndRestore extends Callback implements RunsLast {
  readonly runsLast = true;
  /** The epoch and batch the last restore resumed at, or undefined when training started afresh. */
  restoredFrom: { readonly epoch: number; readonly batch: number } | undefined;

  constructor(private readonly args: BackupAndRestoreArgs) {
    super();
    const freq = args.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isInteger(freq) && freq > 0))
      throw new Error(`saveFreq must be 'epoch' or a positive integer of batches, got ${String(freq)}`);
  }

  get path(): string {
    return join(this.args.backupDir, backupFile);
  }

  override async onTrainBegin(): Promise<void> {
    this.restoredFrom = undefined;
    await removeTempFiles(this.args.backupDir);
    if (!(await stat(this.path).catch(() => undefined))) return;
    await this.restore();
  }

  override async onBatchEnd(): Promise<void> {
    const freq = this.args.saveFreq ?? 'epoch';
    const { batch } = this.training.progress;
    // The end of the epoch is saved by onEpochEnd, with its validation and callbacks done.
    if (freq !== 'epoch' && batch % freq === 0 && batch < this.params.steps) await this.save();
  }

  override async onEpochEnd(): Promise<void> {
    await this.save();
  }

  override async onTrainEnd(): Promise<void> {
    if (this.args.deleteCheckpoint ?? true) await rm(this.args.backupDir, { recursive: true, force: true });
  }

  /** Writes the backup now (fit's progress must be at a batch or epoch boundary, as in the hooks). */
  async save(): Promise<void> {
    const optimizer = this.model.optimizer;
    const optimizerWeights = await optimizer.getWeights();
    const states = this.statefulCallbacks().map((callback) => callback.getState()!);
    const header: BackupHeader = {
      version: 1,
      fingerprint: this.fingerprint(),
      progress: { ...this.training.progress },
      stopped: this.model.stopTraining,
      optimizer: { learningRate: getLearningRate(optimizer), weightNames: optimizerWeights.map((item) => item.name) },
      dropout: this.model.layers.map((layer) => (layer instanceof Dropout ? layer.randomState : null)),
      callbacks: this.statefulCallbacks().map((callback, i) => ({
        className: callback.constructor.name,
        values: states[i]!.values,
        tensors: states[i]!.tensors?.length ?? 0,
      })),
      modelWeights: this.model.weights.length,
    };
    try {
      await writeTensorFile(this.path, header, [
        ...this.model.getWeights(),
        ...optimizerWeights.map((item) => item.tensor),
        ...states.flatMap((state) => state.tensors ?? []),
      ]);
    } finally {
      // getWeights hands out the variables themselves, but the step count as a new tensor.
      tf.dispose(optimizerWeights.map((item) => item.tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
    }
    if (this.args.verbose) {
      const { epoch, batch } = this.training.progress;
      (this.args.stream ?? process.stderr).write(`backed up at epoch ${epoch + 1}, batch ${batch}, to ${this.path}\n`);
    }
  }

  private async restore(): Promise<void> {
    const { header, tensors } = await readTensorFile<BackupHeader>(this.path);
    let owned = tensors;
    try {
      this.refuseOtherRun(header);
      const modelWeights = tensors.slice(0, header.modelWeights);
      const mismatch = weightsMismatch(this.model, modelWeights);
      if (mismatch) throw new Error(`the backup in ${this.args.backupDir} was made for another model: ${mismatch}`);
      this.model.setWeights(modelWeights);
      let offset = header.modelWeights;
      const optimizerWeights = header.optimizer.weightNames.map((name, i) => ({ name, tensor: tensors[offset + i]! }));
      offset += optimizerWeights.length;
      await this.model.optimizer.setWeights(optimizerWeights);
      setLearningRate(this.model.optimizer, header.optimizer.learningRate);
      this.model.layers.forEach((layer, i) => {
        const state = header.dropout[i];
        if (layer instanceof Dropout && state) layer.randomState = state;
      });
      const handedOver = new Set<tf.Tensor>();
      this.statefulCallbacks().forEach((callback, i) => {
        const saved = header.callbacks[i]!;
        const callbackTensors = tensors.slice(offset, offset + saved.tensors);
        offset += saved.tensors;
        callback.setState({ values: saved.values as { [key: string]: unknown }, tensors: callbackTensors });
        callbackTensors.forEach((tensor) => handedOver.add(tensor));
      });
      owned = tensors.filter((tensor) => !handedOver.has(tensor));
      Object.assign(this.training.progress, header.progress);
      if (header.stopped) this.model.stopTraining = true;
      this.restoredFrom = { epoch: header.progress.epoch, batch: header.progress.batch };
      if (this.args.verbose)
        (this.args.stream ?? process.stderr).write(
          `resuming from ${this.path}: epoch ${header.progress.epoch + 1}, batch ${header.progress.batch}\n`,
        );
    } finally {
      // The model and optimizer copied what they took (variables hold their own references).
      tf.dispose(owned);
    }
  }

  /** What must match between the run that saved a backup and the one restoring it. */
  private fingerprint(): RunFingerprint {
    const { epochs, steps, batchSize, samples } = this.params;
    return {
      epochs,
      batchesPerEpoch: steps,
      batchSize,
      trainingImages: samples,
      optimizer: this.model.optimizer.getClassName(),
      weightShapes: this.model.weights.map((weight) => `[${weight.shape.join(',')}]`).join(' '),
      callbacks: this.statefulCallbacks()
        .map((callback) => callback.constructor.name)
        .join(', '),
      ...(typeof this.args.fingerprint === 'function' ? this.args.fingerprint() : this.args.fingerprint),
    };
  }

  /** The callbacks with a state to keep, in order (the fingerprint makes sure both runs have the same). */
  private statefulCallbacks(): Callback[] {
    return this.training.callbacks.filter((callback) => callback !== this && callback.getState() !== undefined);
  }

  private refuseOtherRun(header: BackupHeader): void {
    if (header.version !== 1)
      throw new Error(`${this.path} is a backup of version ${header.version}; this Kiln reads version 1`);
    const ours = this.fingerprint();
    const keys = [...new Set([...Object.keys(header.fingerprint), ...Object.keys(ours)])];
    const differences = keys
      .filter((key) => JSON.stringify(header.fingerprint[key]) !== JSON.stringify(ours[key]))
      .map(
        (key) =>
          `${key} ${JSON.stringify(header.fingerprint[key] ?? null)} there, ${JSON.stringify(ours[key] ?? null)} here`,
      );
    if (differences.length > 0)
      throw new Error(
        `the backup in ${this.args.backupDir} was made by a different run (${differences.join('; ')}): ` +
          'run with the same arguments to resume it, or remove that folder (or choose another) to start afresh',
      );
  }
}

/** A kill during a save leaves its temp file behind; the backup itself is whole. */
async function removeTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => name.startsWith(`.${backupFile}.tmp-`)).map((name) => rm(join(dir, name), { force: true })),
  );
}
