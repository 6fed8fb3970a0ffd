import type { Command } from 'commander';
import type { DatasetName } from '../../data/index.js';
import { evaluateProbabilities } from '../../metrics/index.js';
import { assertFitsModel, datasetOfModel, loadData } from '../loadData.js';
import { loadPredictor } from '../loadPredictor.js';
import { addDataOptions, type DataOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';

/** `kiln evaluate DIR`: a saved model's (or ensemble's) loss and accuracy on the test set. */
export function registerEvaluate(program: Command): void {
  addDataOptions(
    program
      .command('evaluate')
      .description("report a saved model's (or ensemble's) test loss and accuracy (Keras' model.evaluate)")
      .argument('<dir>', 'folder a model (kiln train, kiln compare) or an ensemble (kiln ensemble --out) was saved in'),
    { datasetFromModel: true },
  ).action(async (dir: string, options: Omit<DataOptions, 'dataset'> & { dataset?: DatasetName }) => {
    const settings = await prepareRun(options);
    const predictor = await loadPredictor(dir);
    const { metadata } = predictor;
    const data = await loadData({ ...options, dataset: datasetOfModel(options.dataset, metadata) }, settings.seed);
    assertFitsModel(data.test, metadata);
    const score = evaluateProbabilities(
      await predictor.predict(data.test, { batchSize: options.batchSize }),
      data.test.labels,
    );
    predictor.dispose();
    process.stdout.write(`Test loss: ${score.loss.toFixed(4)}\nTest accuracy: ${score.accuracy.toFixed(4)}\n`);
  });
}
