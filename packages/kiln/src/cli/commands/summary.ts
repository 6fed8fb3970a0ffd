import type { Command } from 'commander';
import { Option } from 'commander';
import { datasetNames, type DatasetName } from '../../data/index.js';
import { buildConvnet, modelNames, modelSummary } from '../../models/index.js';
import { addBackendOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { resolveModel } from '../resolveModel.js';

/** Image shape and class count of each dataset, so a summary needs no data. */
const datasetShapes: Record<DatasetName, { inputShape: [number, number, number]; numClasses: number }> = {
  cifar10: { inputShape: [32, 32, 3], numClasses: 10 },
  'fashion-mnist': { inputShape: [28, 28, 1], numClasses: 10 },
  mnist: { inputShape: [28, 28, 1], numClasses: 10 },
  cifar100: { inputShape: [32, 32, 3], numClasses: 100 },
  'cifar100-coarse': { inputShape: [32, 32, 3], numClasses: 20 },
};

/** `kiln summary MODEL`: Keras' model.summary(). */
export function registerSummary(program: Command): void {
  addBackendOptions(
    program
      .command('summary')
      .description(
        `print a model's layers, output shapes and parameter counts as Keras' model.summary() (models: ${modelNames.join(', ')})`,
      )
      .argument('<model>', 'a model name or a ConvnetSpec .json file')
      .addOption(
        new Option('--dataset <name>', 'dataset whose image shape the model takes')
          .choices(datasetNames)
          .default('cifar10'),
      ),
  ).action(async (modelArgument: string, options: { dataset: DatasetName; backend?: string; verbose: number }) => {
    const { spec, source } = await resolveModel(modelArgument);
    await prepareRun({ ...options, verbose: 0 });
    const shape = datasetShapes[options.dataset];
    const model = spec
      ? buildConvnet(spec, shape)
      : (
          await source.build({
            inputShape: shape.inputShape,
            outputs: shape.numClasses,
            numClasses: shape.numClasses,
            classNames: [],
            task: 'classification',
          })
        ).model;
    process.stdout.write(modelSummary(model));
  });
}
