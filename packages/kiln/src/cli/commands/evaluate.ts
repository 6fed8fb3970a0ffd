import type { Command } from 'commander';
import type { DatasetName } from '../../data/index.js';
import { loadModel } from '../../models/index.js';
import { evaluate } from '../../training/index.js';
import { assertFitsModel, datasetOfModel, loadData } from '../loadData.js';
import { addDataOptions, type DataOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';

/** `kiln evaluate DIR`: a saved model's loss and accuracy on the test set. */
export function registerEvaluate(program: Command): void {
  addDataOptions(
    program
      .command('evaluate')
      .description("report a saved model's test loss and accuracy (Keras' model.evaluate)")
      .argument('<dir>', 'folder a model was saved in (by `kiln train` or `kiln compare`)'),
    { datasetFromModel: true },
  ).action(async (dir: string, options: Omit<DataOptions, 'dataset'> & { dataset?: DatasetName }) => {
    const settings = await prepareRun(options);
    const { model, metadata } = await loadModel(dir);
    const data = await loadData({ ...options, dataset: datasetOfModel(options.dataset, metadata) }, settings.seed);
    assertFitsModel(data.test, metadata);
    const score = evaluate(model, data.test, { batchSize: options.batchSize });
    process.stdout.write(`Test loss: ${score.loss.toFixed(4)}\nTest accuracy: ${score.accuracy.toFixed(4)}\n`);
  });
}
