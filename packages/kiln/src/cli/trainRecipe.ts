import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';

import { trainCifarFast } from '../recipes/index.js';
import { writeFileAtomic } from '../reports/index.js';
import type { LoadedData } from './loadData.js';
import type { TrainingOptions } from './options.js';
import type { RunSettings } from './prepareRun.js';

/** The recipes `kiln train` runs by name: a model with its own schedule, augmentation and evaluation. */
export const recipeNames: readonly string[] = ['cifar-fast'];

/** The recipe's own defaults where the user left a flag at the chapter's (batch 128, 12 epochs). */
const recipeDefaults = { epochs: 10, batchSize: 512 };

/**
 * `kiln train cifar-fast`: trains the speed-run recipe on the whole training set (no validation
 * split: the recipe tests after every epoch), prints each epoch's training time and test accuracy
 * and writes them to `out/run.json`.
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
  const result = await trainCifarFast(data.train, data.test, {
    epochs,
    batchSize,
    seed: settings.seed,
    verbose: options.verbose,
    onEpoch: (e) => {
      if (options.verbose === 0) return;
      process.stderr.write(
        `epoch ${e.epoch + 1}: ${e.trainSeconds.toFixed(1)} s of training, test accuracy ${e.testAccuracy.toFixed(4)} (averaged weights and test-time augmentation, ${e.evaluationSeconds.toFixed(1)} s)\n`,
      );
    },
  });
  await mkdir(out, { recursive: true });
  const last = result.epochs.at(-1);
  await writeFileAtomic(
    join(out, 'run.json'),
    `${JSON.stringify(
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
  );
  process.stdout.write(
    `Training time: ${last?.trainSeconds.toFixed(1)} s (${result.imagesPerSecond.toFixed(0)} images/s)\n` +
      `Test loss: ${last?.testLoss.toFixed(4)}\nTest accuracy: ${last?.testAccuracy.toFixed(4)} (moving average of the weights, test-time augmentation)\n` +
      `Run record: ${join(out, 'run.json')}\n`,
  );
}
