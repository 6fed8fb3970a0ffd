import type * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import {
  Callback,
  CallbackList,
  History,
  LambdaCallback,
  ProgbarLogger,
  type CallbackHooks,
  type EpochLogs,
  type TrainingProgress,
  type Verbosity,
} from '../callbacks/index.js';
import {
  examplesToTensors,
  gatherExamples,
  hasTargets,
  isImageSet,
  shuffledIndices,
  validationSplit,
  type Examples,
} from '../data/index.js';
import { getLearningRate } from '../optimizers/learningRate.js';
import { evaluate, isRegressionEvaluation } from './evaluate.js';
import { outputClasses } from './predict.js';

export interface FitOptions {
  /** Default 32, as Keras. */
  readonly batchSize?: number;
  /** Default 1. */
  readonly epochs?: number;
  /** Fraction of `set` held out for validation: the LAST images, before shuffling, as Keras does. */
  readonly validationSplit?: number;
  /** Validation examples to use instead of a split. */
  readonly validationData?: Examples;
  /** Default 1: a ProgbarLogger with this verbosity prints the progress. */
  readonly verbose?: Verbosity;
  /** Seeds the order of the batches; every epoch reshuffles. */
  readonly seed?: number;
  /** Default true; false keeps the images in order (for reproducing a run batch by batch). */
  readonly shuffle?: boolean;
  /** Keras callbacks (see `Callback`), or plain hook functions (as tfjs' `CustomCallbackArgs`). */
  readonly callbacks?: readonly Callback[] | CallbackHooks;
  /** Where the progress logs go; default stderr, so stdout stays for results. */
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Trains `model` on `set` (images or table rows) as Keras' `model.fit(x, y, ...)` does, but reads
 * uint8 images batch by batch: only one batch is ever in float32, so all of CIFAR-10 trains in
 * bounded memory. A regressor logs `mae` where a classifier logs `acc`, both in the targets' units.
 * Returns the run's `History` (a callback `fit` always adds first, as Keras).
 */
export async function fit(model: tfl.LayersModel, set: Examples, options: FitOptions = {}): Promise<History> {
  const batchSize = positiveInteger(options.batchSize ?? 32, 'batchSize');
  const epochs = positiveInteger(options.epochs ?? 1, 'epochs');
  const { train, validation } = splitValidation(set, options);
  if (train.count === 0) {
    const examples = isImageSet(train) ? 'images' : 'rows';
    throw new Error(`no training ${examples}: pass a non-empty set (or a smaller validationSplit)`);
  }
  if (!hasTargets(train)) throw new Error('the training rows have no targets (labels or values) to learn');
  const classes = outputClasses(model);
  const metric = model.metricsNames[1] === 'mae' ? 'mae' : 'acc';
  const unscale = trainingUnits(model, train);
  const verbose = options.verbose ?? 1;
  const steps = Math.ceil(train.count / batchSize);
  const history = new History();
  const given = options.callbacks ?? [];
  const progress: TrainingProgress = {
    epoch: 0,
    batch: 0,
    lossSum: 0,
    correctSum: 0,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 32),
  };
  const callbacks = new CallbackList(
    [
      history,
      ...(Array.isArray(given) ? given : [new LambdaCallback(given as CallbackHooks)]),
      ...(verbose > 0 ? [new ProgbarLogger(verbose, options.stream ?? process.stderr)] : []),
    ],
    model,
    { epochs, steps, batchSize, samples: train.count, verbose },
    progress,
  );
  const inOrder = Array.from({ length: train.count }, (_, index) => index);
  const logsLearningRate = callbacks.callbacks.some((callback) => callback.setsLearningRate);

  model.stopTraining = false;
  // BackupAndRestore may move `progress` to where an earlier run stopped, and stop before any epoch.
  await callbacks.onTrainBegin();
  let logs: EpochLogs | undefined;
  while (progress.epoch < epochs && !model.stopTraining) {
    const epoch = progress.epoch;
    // A different permutation each epoch; the golden-ratio stride keeps nearby seeds' epochs apart.
    const order =
      (options.shuffle ?? true) ? shuffledIndices(train.count, (progress.seed + epoch * 0x9e3779b9) >>> 0) : inOrder;
    await callbacks.onEpochBegin(epoch);
    while (progress.batch < steps && !model.stopTraining) {
      const batch = progress.batch;
      await callbacks.onBatchBegin(batch);
      const examples = gatherExamples(train, order.slice(batch * batchSize, (batch + 1) * batchSize));
      const { x, y } = examplesToTensors(examples, classes);
      let loss: number;
      let acc: number;
      try {
        [loss, acc] = (await model.trainOnBatch(x, y!)) as number[];
      } finally {
        tf.dispose([x, y]);
      }
      progress.lossSum += unscale.loss(loss) * examples.count;
      progress.correctSum += unscale.metric(acc) * examples.count;
      progress.batch++;
      const seen = Math.min(progress.batch * batchSize, train.count);
      await callbacks.onBatchEnd(batch, { loss: progress.lossSum / seen, [metric]: progress.correctSum / seen });
      // trainOnBatch blocks while it computes; between batches, timers (a trial's heartbeat) and
      // signals get their turn. Costs microseconds a batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seen = Math.min(progress.batch * batchSize, train.count);
    logs = { loss: progress.lossSum / seen, [metric]: progress.correctSum / seen };
    if (validation) {
      const scores = evaluate(model, validation, { batchSize });
      logs = isRegressionEvaluation(scores)
        ? { ...logs, val_loss: scores.loss, val_mae: scores.mae }
        : { ...logs, val_loss: scores.loss, val_acc: scores.accuracy };
    }
    // Read before onEpochEnd, where ReduceLROnPlateau may lower it for the next epoch.
    if (logsLearningRate) logs = { ...logs, lr: getLearningRate(model.optimizer) };
    // The epoch is done: what a backup taken in onEpochEnd must resume from is the next one.
    Object.assign(progress, { epoch: epoch + 1, batch: 0, lossSum: 0, correctSum: 0 });
    await callbacks.onEpochEnd(epoch, logs);
  }
  await callbacks.onTrainEnd(logs);
  return history;
}

function splitValidation(set: Examples, options: FitOptions): { train: Examples; validation?: Examples } {
  if (options.validationData) return { train: set, validation: options.validationData };
  if (!options.validationSplit) return { train: set };
  return validationSplit(set, options.validationSplit);
}

/**
 * A regressor trains on scaled targets (`targetScale`); its batch loss and MAE are turned back
 * into the targets' units, so training and validation logs compare.
 */
function trainingUnits(model: tfl.LayersModel, set: Examples): { loss(v: number): number; metric(v: number): number } {
  const std = isImageSet(set) ? 1 : (set.targetScale?.std ?? 1);
  const squaredLoss = model.loss === 'meanSquaredError';
  return {
    loss: (v) => v * (squaredLoss ? std * std : std),
    metric: (v) => (model.metricsNames[1] === 'mae' ? v * std : v),
  };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}
