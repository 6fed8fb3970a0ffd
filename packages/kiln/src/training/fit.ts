import type * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { gatherImages, imageSetToTensors, shuffledIndices, validationSplit, type ImageSet } from '../data/index.js';
import type { EpochLogs } from './epochLogs.js';
import { evaluate } from './evaluate.js';
import { outputClasses } from './predict.js';
import { TrainingLogger, type Verbosity } from './trainingLogger.js';

export interface FitOptions {
  /** Default 32, as Keras. */
  readonly batchSize?: number;
  /** Default 1. */
  readonly epochs?: number;
  /** Fraction of `set` held out for validation: the LAST images, before shuffling, as Keras does. */
  readonly validationSplit?: number;
  /** Validation images to use instead of a split. */
  readonly validationData?: ImageSet;
  /** Default 1. */
  readonly verbose?: Verbosity;
  /** Seeds the order of the batches; every epoch reshuffles. */
  readonly seed?: number;
  /** Default true; false keeps the images in order (for reproducing a run batch by batch). */
  readonly shuffle?: boolean;
  readonly callbacks?: FitCallbacks;
  /** Where logs go; default stderr, so stdout stays for results. */
  readonly stream?: NodeJS.WritableStream;
}

export interface FitCallbacks {
  /**
   * Called after each epoch's validation. Set `model.stopTraining = true` to stop after this
   * epoch (Keras' way), or throw to abort training (the error propagates from `fit`).
   */
  onEpochEnd?(epoch: number, logs: EpochLogs): void | Promise<void>;
  /** Called after each training step (batch numbers restart at 0 each epoch), e.g. to update a moving average of the weights. */
  onBatchEnd?(batch: number): void;
}

/** Keras' `History`: the epochs run and each metric's value per epoch (`val_*` stay empty without validation data). */
export interface History {
  readonly epoch: number[];
  readonly history: { [metric in keyof EpochLogs]-?: number[] };
}

/**
 * Trains `model` on `set` as Keras' `model.fit(x, y, ...)` does, but reads the uint8 images batch
 * by batch: only one batch is ever in float32, so all of CIFAR-10 trains in bounded memory.
 */
export async function fit(model: tfl.LayersModel, set: ImageSet, options: FitOptions = {}): Promise<History> {
  const batchSize = positiveInteger(options.batchSize ?? 32, 'batchSize');
  const epochs = positiveInteger(options.epochs ?? 1, 'epochs');
  const { train, validation } = splitValidation(set, options);
  if (train.count === 0) throw new Error('no training images: pass a non-empty set (or a smaller validationSplit)');
  const classes = outputClasses(model);
  const logger = new TrainingLogger(options.verbose ?? 1, epochs, options.stream ?? process.stderr);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const inOrder = Array.from({ length: train.count }, (_, index) => index);
  const batches = Math.ceil(train.count / batchSize);
  const history: History = { epoch: [], history: { loss: [], acc: [], val_loss: [], val_acc: [] } };

  model.stopTraining = false;
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    const started = performance.now();
    // A different permutation each epoch; the golden-ratio stride keeps nearby seeds' epochs apart.
    const order = (options.shuffle ?? true) ? shuffledIndices(train.count, (seed + epoch * 0x9e3779b9) >>> 0) : inOrder;
    logger.epochBegin(epoch, batches);
    let lossSum = 0;
    let correctSum = 0;
    for (let batch = 0; batch < batches; batch++) {
      const images = gatherImages(train, order.slice(batch * batchSize, (batch + 1) * batchSize));
      const { x, y } = imageSetToTensors(images, classes);
      let loss: number;
      let acc: number;
      try {
        [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
      } finally {
        tf.dispose([x, y]);
      }
      lossSum += loss * images.count;
      correctSum += acc * images.count;
      const seen = Math.min((batch + 1) * batchSize, train.count);
      logger.batchEnd(batch, { loss: lossSum / seen, acc: correctSum / seen });
      options.callbacks?.onBatchEnd?.(batch);
      // trainOnBatch blocks while it computes; between batches, timers (a trial's heartbeat) and
      // signals get their turn. Costs microseconds a batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    let logs: EpochLogs = { loss: lossSum / train.count, acc: correctSum / train.count };
    if (validation) {
      const scores = evaluate(model, validation, { batchSize });
      logs = { ...logs, val_loss: scores.loss, val_acc: scores.accuracy };
    }
    history.epoch.push(epoch);
    for (const [metric, value] of Object.entries(logs) as [keyof EpochLogs, number][])
      history.history[metric].push(value);
    logger.epochEnd(epoch, logs, (performance.now() - started) / 1000);
    await options.callbacks?.onEpochEnd?.(epoch, logs);
  }
  return history;
}

function splitValidation(set: ImageSet, options: FitOptions): { train: ImageSet; validation?: ImageSet } {
  if (options.validationData) return { train: set, validation: options.validationData };
  if (!options.validationSplit) return { train: set };
  return validationSplit(set, options.validationSplit);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}
