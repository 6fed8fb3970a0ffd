import type { Command } from 'commander';
import { claimOutputFolder } from '../../files/index.js';
import { isModelFolder } from '../../models/index.js';
import { loadAnyData, loadData } from '../loadData.js';
import { addTrainingOptions, addUserDataOptions, type TrainingOptions, type UserDataOptions } from '../options.js';
import { precisionOption, type PrecisionFlag } from '../precisionFlag.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';
import { ResumableRun } from '../resumableRun.js';
import { runContext } from '../runContext.js';
import { defaultRunFolder } from '../runFolder.js';
import { trainFromFlags } from '../trainFromFlags.js';
import { recipeNames, trainRecipe } from '../trainRecipe.js';
import { UsageError } from '../usageError.js';

/** What `kiln train --out` may replace: a saved model. */
export const modelFolderKind = { description: 'saved model', isArtifact: isModelFolder };

/** `kiln train MODEL`: trains one model, tests it and saves it with its run record. */
export function registerTrain(program: Command): void {
  addUserDataOptions(
    addTrainingOptions(
      program
        .command('train')
        .description('train a model on the training set, report its test loss and accuracy (or mae), and save it')
        .argument(
          '<model>',
          `a model name (see \`kiln summary --help\`, plus mlp and resnet), a ConvnetSpec or Keras/tfjs model .json file, a .js/.ts module exporting build(context), or a recipe (${recipeNames.join(', ')}: its own model, schedule, augmentation and test-time evaluation; 10 epochs at batch 512 unless given)`,
        )
        .option('--out <dir>', 'folder to save the model in (default: runs/<model>-<timestamp>)')
        .addOption(precisionOption()),
    ),
  ).action(
    async (
      modelArgument: string,
      options: TrainingOptions & UserDataOptions & { out?: string; precision: PrecisionFlag },
      command: Command,
    ) => {
      if (recipeNames.includes(modelArgument)) {
        if (options.backupEvery !== undefined)
          throw new UsageError(
            `--backup-every: the ${modelArgument} recipe trains without backups; leave the flag out`,
          );
        if (options.augment)
          throw new UsageError(
            `${modelArgument} has its own augmentation: leave out --augment (it is for other models)`,
          );
        const settings = await prepareRun(options);
        const data = await loadData(options, settings.seed);
        const out = options.out ?? defaultRunFolder(modelArgument);
        // Before any training: a folder that cannot take the model, or that another run is writing, fails now.
        const claim = await claimOutputFolder(out, modelFolderKind);
        try {
          for (const note of claim.notes) process.stderr.write(`kiln: ${note}\n`);
          await trainRecipe(data, options, command, settings, out);
        } finally {
          claim.release();
        }
        return;
      }
      const context = runContext();
      const resolved = await resolveModel(modelArgument, options);
      const resumable = await ResumableRun.start('train', [modelArgument], options, () =>
        defaultRunFolder(resolved.modelName),
      );
      const out = resumable.out;
      // Before any training: a folder that cannot take the model, or that another run is writing, fails now.
      const claim = await claimOutputFolder(out, modelFolderKind);
      try {
        for (const note of claim.notes) process.stderr.write(`kiln: ${note}\n`);
        const settings = await prepareRun({ ...options, seed: options.seed ?? resumable.seed });
        const data = await loadAnyData(options, settings.seed);
        const { dataset } = data;
        const workspace = resumable.workspace(resolved.modelName, settings.seed);
        // run.json is saved with the model in one step, so a model never lacks its run record.
        const { run } = await trainFromFlags(resolved, data, options, settings, out, workspace, (trained) => ({
          'run.json': `${JSON.stringify(
            {
              ...context,
              options,
              ...trained,
              dataset: dataset.name,
              task: dataset.task ?? 'classification',
              classNames: dataset.classNames,
              fingerprint: data.fingerprint,
              trainExamples: data.train.count,
              testExamples: data.test.count,
              ...(dataset.preprocessing ? { preprocessing: dataset.preprocessing } : {}),
              ...(dataset.skipped?.length ? { skippedImages: dataset.skipped } : {}),
              backend: settings.backend,
              seed: settings.seed,
              limit: options.limit ?? null,
              validationSplit: options.validationSplit,
              finishedAt: new Date().toISOString(),
            },
            null,
            2,
          )}\n`,
        }));
        await resumable.finish();
        const metric =
          run.testMae === undefined
            ? `Test accuracy: ${run.testAccuracy!.toFixed(4)}\n${run.testTopKAccuracy === undefined ? '' : `Test top-5 accuracy: ${run.testTopKAccuracy.toFixed(4)}\n`}`
            : `Test mae: ${run.testMae.toFixed(4)}\n`;
        process.stdout.write(`Test loss: ${run.testLoss.toFixed(4)}\n${metric}Saved to ${out}\n`);
      } finally {
        claim.release();
      }
    },
  );
}
