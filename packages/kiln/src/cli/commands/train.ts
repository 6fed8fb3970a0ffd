import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../reports/index.js';
import { loadAnyData } from '../loadData.js';
import { addTrainingOptions, addUserDataOptions, type TrainingOptions, type UserDataOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';
import { defaultRunFolder } from '../runFolder.js';
import { trainFromFlags } from '../trainFromFlags.js';

/** `kiln train MODEL`: trains one model, tests it and saves it with its run record. */
export function registerTrain(program: Command): void {
  addUserDataOptions(
    addTrainingOptions(
      program
        .command('train')
        .description('train a model on the training set, report its test loss and accuracy (or mae), and save it')
        .argument(
          '<model>',
          'a model name (see `kiln summary --help`, plus mlp and resnet), a ConvnetSpec or Keras/tfjs model .json file, or a .js/.ts module exporting build(context)',
        )
        .option('--out <dir>', 'folder to save the model in (default: runs/<model>-<timestamp>)'),
    ),
  ).action(async (modelArgument: string, options: TrainingOptions & UserDataOptions & { out?: string }) => {
    const resolved = await resolveModel(modelArgument, options);
    const settings = await prepareRun(options);
    const data = await loadAnyData(options, settings.seed);
    const out = options.out ?? defaultRunFolder(resolved.modelName);
    const { run } = await trainFromFlags(resolved, data, options, settings, out);
    const { dataset } = data;
    await writeFileAtomic(
      join(out, 'run.json'),
      `${JSON.stringify(
        {
          ...run,
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
        },
        null,
        2,
      )}\n`,
    );
    const metric =
      run.testMae === undefined
        ? `Test accuracy: ${run.testAccuracy!.toFixed(4)}\n${run.testTopKAccuracy === undefined ? '' : `Test top-5 accuracy: ${run.testTopKAccuracy.toFixed(4)}\n`}`
        : `Test mae: ${run.testMae.toFixed(4)}\n`;
    process.stdout.write(`Test loss: ${run.testLoss.toFixed(4)}\n${metric}Saved to ${out}\n`);
  });
}
