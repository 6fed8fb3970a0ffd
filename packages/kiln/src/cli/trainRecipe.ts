import type { Command } from 'commander';

import { datasetFingerprint } from '../data/index.js';
import { saveModel } from '../models/index.js';
import { trainCifarFast } from '../recipes/index.js';
import type { LoadedData } from './loadData.js';
import type { TrainingOptions } from './options.js';
import type { RunSettings } from './prepareRun.js';

/** The recipes `kiln train` runs by name: a model with its own schedule, augmentation and evaluation. */
export const recipeNames: readonly string[] = ['cifar-fast'];

/** The recipe's own defaults where the user left a flag at the chapter's (batch 128, 12 epochs). */
const recipeDefaults = { epochs: 10, batchSize: 512 };

/**
 * `kiln train cifar-fast`: trains the speed-run recipe on the whole training set (no validation
 * split: the recipe tests after every epoch), prints each epoch's training time and test accuracy,
 * and saves the model (the weights it tested) in `out` with `run.json`, which holds them per epoch.
 */
export async function trainRecipe(
  data: LoadedData,
  options: TrainingOptions,
  command: Command,
  settings: RunSettings,
  out: string,
): Promise<void> {
  const given = (flag: string): boolean => command.getOptionValueSource(flag) !== 'default';
  const epochs = given('epochs') ? options.epochs : recipeDefaults.epochs;
  const batchSize = given('batchSize') ? options.batchSize : recipeDefaults.batchSize;
  await trainAndSave(data, options, settings, out, epochs, batchSize);
}

async function trainAndSave(
  data: LoadedData,
  options: TrainingOptions,
  settings: RunSettings,
  out: string,
  epochs: number,
  batchSize: number,
): Promise<void> {
  const result = await trainCifarFast(data.train, data.test, {
    epochs,
    batchSize,
    seed: settings.seed,
    verbose: options.verbose,
    onEpoch: (e) => {
      if (options.verbose === 0) return;
      process.stderr.write(
        `epoch ${e.epoch + 1}: ${e.trainSeconds.toFixed(1)} s of training, test accuracy ${e.testAccuracy.toFixed(4)} (test-time augmentation, ${e.evaluationSeconds.toFixed(1)} s)\n`,
      );
    },
  });
  const last = result.epochs.at(-1);
  const { model } = result;
  try {
    const sgd = model.optimizer.getConfig() as { momentum: number; weightDecay: number };
    await saveModel(
      model,
      out,
      {
        modelName: 'cifar-fast',
        // What a loaded model is recompiled with (Kiln's SGD; its learning rate is the schedule's peak).
        optimizer: {
          name: 'sgd',
          learningRate: result.learningRate,
          momentum: sgd.momentum,
          nesterov: true,
          weightDecay: sgd.weightDecay,
        },
        inputShape: [data.train.height, data.train.width, data.train.channels],
        classNames: data.dataset.classNames,
        dataset: data.dataset.name,
        fingerprint: datasetFingerprint({ ...data.dataset, train: data.train, test: data.test }),
      },
      {
        'run.json': `${JSON.stringify(
          {
            recipe: 'cifar-fast',
            dataset: data.dataset.name,
            backend: settings.backend,
            seed: settings.seed,
            epochs,
            batchSize,
            trainImages: data.train.count,
            parameters: result.parameters,
            imagesPerSecond: result.imagesPerSecond,
            perEpoch: result.epochs.map(({ epoch, trainSeconds, testAccuracy, testLoss, evaluationSeconds, logs }) => ({
              epoch: epoch + 1,
              trainSeconds,
              testAccuracy,
              testLoss,
              evaluationSeconds,
              trainLoss: logs.loss,
              trainAccuracy: logs.acc,
            })),
          },
          null,
          2,
        )}\n`,
      },
    );
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
  process.stdout.write(
    `Training time: ${last?.trainSeconds.toFixed(1)} s (${result.imagesPerSecond.toFixed(0)} images/s)\n` +
      `Test loss: ${last?.testLoss.toFixed(4)}\nTest accuracy: ${last?.testAccuracy.toFixed(4)} (Lookahead's slow weights, test-time augmentation)\n` +
      `Saved to ${out} (with its run record, run.json)\n`,
  );
}
