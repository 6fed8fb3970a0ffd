import type * as tfl from '@tensorflow/tfjs-layers';
import { CallbackList, type Callback, type EpochLogs } from '../../src/callbacks/index.js';

/**
 * Runs callbacks through fit's life cycle with given epoch logs (one batch an epoch), stopping
 * when one sets model.stopTraining; `beforeEpochEnd` can change the model first. Returns the epochs run.
 */
export async function driveEpochs(
  callbacks: Callback[],
  model: tfl.LayersModel,
  epochLogs: readonly EpochLogs[],
  beforeEpochEnd?: (epoch: number) => void,
): Promise<number[]> {
  const progress = { epoch: 0, batch: 0, lossSum: 0, correctSum: 0, seed: 1 };
  const list = new CallbackList(
    callbacks,
    model,
    { epochs: epochLogs.length, steps: 1, batchSize: 1, samples: 1, verbose: 0 },
    progress,
  );
  model.stopTraining = false;
  await list.onTrainBegin();
  const run: number[] = [];
  for (let epoch = 0; epoch < epochLogs.length && !model.stopTraining; epoch++) {
    await list.onEpochBegin(epoch);
    beforeEpochEnd?.(epoch);
    run.push(epoch);
    await list.onEpochEnd(epoch, epochLogs[epoch]!);
  }
  await list.onTrainEnd(epochLogs[run.length - 1]);
  return run;
}

/** Logs with the given validation losses (training metrics fixed). */
export const valLosses = (...losses: number[]): EpochLogs[] =>
  losses.map((valLoss) => ({ loss: 1, acc: 0.5, val_loss: valLoss, val_acc: 0.5 }));
