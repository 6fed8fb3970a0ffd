import type { Command } from 'commander';
import { sliceImages, type DatasetName, type ImageSet } from '../../data/index.js';
import { formatTable } from '../../reports/index.js';
import { assertFitsModel, datasetOfModel, loadData } from '../loadData.js';
import { loadPredictor } from '../loadPredictor.js';
import { addDataOptions, parseNonNegativeInteger, type DataOptions } from '../options.js';
import { prepareRun } from '../prepareRun.js';
import { userDataKind } from '../loadData.js';
import { predictToCsv } from '../predictToCsv.js';
import { readImageFile } from '../readImageFile.js';
import { UsageError } from '../usageError.js';

type PredictFlags = Omit<DataOptions, 'dataset'> & {
  dataset?: DatasetName;
  index?: number;
  image?: string;
  top: number;
};

/** `kiln predict DIR (--index N | --image FILE)`: a saved model's or ensemble's most probable classes for one image. */
export function registerPredict(program: Command): void {
  addDataOptions(
    program
      .command('predict')
      .description(
        "show a saved model's (or ensemble's) most probable classes for one test-set image or an image file; with --data ROWS.csv or an image folder, write a CSV of predictions to stdout",
      )
      .argument('<dir>', 'folder a model or an ensemble (kiln ensemble --out) was saved in')
      .option(
        '--index <n>',
        'the test-set image at this index (of the whole test set: --limit is ignored)',
        parseNonNegativeInteger,
      )
      .option(
        '--image <file>',
        'a .png or .jpg image; other sizes than the model input are resized (nearest neighbour)',
      )
      .option('--top <k>', 'how many classes to show', parseNonNegativeInteger, 3),
    { datasetFromModel: true },
  ).action(async (dir: string, options: PredictFlags) => {
    const rowsKind =
      options.index === undefined && options.image === undefined && options.data !== undefined
        ? await userDataKind(options.data)
        : undefined;
    if (rowsKind !== undefined) {
      await prepareRun(options);
      const predictor = await loadPredictor(dir);
      try {
        process.stdout.write(await predictToCsv(predictor, rowsKind, options.data!, options.batchSize));
      } finally {
        predictor.dispose();
      }
      return;
    }
    if ((options.index === undefined) === (options.image === undefined))
      throw new UsageError(
        'pass exactly one of --index N or --image FILE (or --data ROWS.csv|IMAGE_FOLDER for a CSV of predictions)',
      );
    const settings = await prepareRun(options);
    const predictor = await loadPredictor(dir);
    const { metadata } = predictor;
    let image: ImageSet;
    let trueClass: number | undefined;
    if (options.image !== undefined) {
      if (metadata.inputShape.length !== 3)
        throw new UsageError(`--image needs a model of images; this one takes [${metadata.inputShape.join(', ')}]`);
      const file = await readImageFile(options.image, metadata.inputShape as [number, number, number]);
      image = file.image;
      const [width, height] = file.originalSize;
      if (width !== metadata.inputShape[1] || height !== metadata.inputShape[0]) {
        process.stdout.write(
          `resized ${width}x${height} to ${metadata.inputShape[1]}x${metadata.inputShape[0]} (nearest neighbour)\n`,
        );
      }
    } else {
      const { test } = await loadData(
        { ...options, limit: undefined, dataset: datasetOfModel(options.dataset, metadata) },
        settings.seed,
      );
      assertFitsModel(test, metadata);
      const index = options.index!;
      if (index >= test.count)
        throw new UsageError(
          `--index ${index} is out of range: the test set has ${test.count} images (0..${test.count - 1})`,
        );
      image = sliceImages(test, index, index + 1);
      trueClass = test.labels[index];
      process.stdout.write(`test image ${index}: true class ${metadata.classNames[trueClass]}\n`);
    }
    const probabilities = (await predictor.predict(image)).data;
    predictor.dispose();
    const ranked = [...probabilities.keys()]
      .sort((a, b) => probabilities[b] - probabilities[a])
      .slice(0, Math.max(1, options.top));
    process.stdout.write(
      formatTable(
        [{ header: 'class' }, { header: 'probability', align: 'right' }],
        ranked.map((k) => [
          `${metadata.classNames[k] ?? k}${k === trueClass ? ' (true)' : ''}`,
          probabilities[k].toFixed(4),
        ]),
      ),
    );
  });
}
