import type { Command } from 'commander';
import type { DatasetName } from '../../data/index.js';
import {
  isRegressionEvaluation,
  scoreOutputs,
  type ClassifierEvaluation,
  type RegressionEvaluation,
} from '../../training/index.js';
import { assertFitsModel, datasetOfModel, loadData, userDataKind } from '../loadData.js';
import { loadPredictor } from '../loadPredictor.js';
import { loadTestData } from '../loadTestData.js';
import { addDataOptions, type DataOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';

/** `kiln evaluate DIR`: a saved model's (or ensemble's) loss and accuracy on the test set. */
export function registerEvaluate(program: Command): void {
  addDataOptions(
    program
      .command('evaluate')
      .description(
        "report a saved model's (or ensemble's) test loss and accuracy, or mae (Keras' model.evaluate); --data may be your test rows or image folder",
      )
      .argument('<dir>', 'folder a model (kiln train, kiln compare) or an ensemble (kiln ensemble --out) was saved in'),
    { datasetFromModel: true },
  ).action(async (dir: string, options: Omit<DataOptions, 'dataset'> & { dataset?: DatasetName }) => {
    const settings = await prepareRun(options);
    const predictor = await loadPredictor(dir);
    const { metadata } = predictor;
    const kind = options.data === undefined ? undefined : await userDataKind(options.data);
    let score: ClassifierEvaluation | RegressionEvaluation;
    if (kind !== undefined) {
      const test = await loadTestData(kind, options.data!, metadata);
      score = scoreOutputs(await predictor.predict(test, { batchSize: options.batchSize }), test);
    } else {
      const data = await loadData({ ...options, dataset: datasetOfModel(options.dataset, metadata) }, settings.seed);
      assertFitsModel(data.test, metadata);
      score = scoreOutputs(await predictor.predict(data.test, { batchSize: options.batchSize }), data.test);
    }
    predictor.dispose();
    const metric = isRegressionEvaluation(score)
      ? `Test mae: ${score.mae.toFixed(4)}`
      : `Test accuracy: ${score.accuracy.toFixed(4)}`;
    process.stdout.write(`Test loss: ${score.loss.toFixed(4)}\n${metric}\n`);
  });
}
