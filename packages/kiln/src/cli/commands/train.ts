import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../reports/index.js';
import { loadData } from '../loadData.js';
import { addTrainingOptions, type TrainingOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';
import { ResumableRun } from '../resumableRun.js';
import { runContext } from '../runContext.js';
import { defaultRunFolder } from '../runFolder.js';
import { trainFromFlags } from '../trainFromFlags.js';

/** `kiln train MODEL`: trains one model, tests it and saves it with its run record. */
export function registerTrain(program: Command): void {
  addTrainingOptions(
    program
      .command('train')
      .description('train a model on the training set, report its test loss and accuracy, and save it')
      .argument('<model>', 'a model name (see `kiln summary --help`) or a ConvnetSpec .json file')
      .option('--out <dir>', 'folder to save the model in (default: runs/<model>-<timestamp>)'),
  ).action(async (modelArgument: string, options: TrainingOptions & { out?: string }) => {
    const context = runContext();
    const resolved = await resolveModel(modelArgument);
    const resumable = await ResumableRun.start('train', [modelArgument], options, () =>
      defaultRunFolder(resolved.modelName),
    );
    const settings = await prepareRun({ ...options, seed: options.seed ?? resumable.seed });
    const data = await loadData(options, settings.seed);
    const out = resumable.out;
    const workspace = resumable.workspace(out, resolved.modelName, settings.seed);
    const { run } = await trainFromFlags(resolved, data, options, settings, out, workspace);
    await writeFileAtomic(
      join(out, 'run.json'),
      `${JSON.stringify({ ...context, options, ...run, dataset: data.dataset.name, backend: settings.backend, seed: settings.seed, finishedAt: new Date().toISOString() }, null, 2)}\n`,
    );
    await resumable.finish();
    process.stdout.write(
      `Test loss: ${run.testLoss.toFixed(4)}\nTest accuracy: ${run.testAccuracy.toFixed(4)}\nSaved to ${out}\n`,
    );
  });
}
