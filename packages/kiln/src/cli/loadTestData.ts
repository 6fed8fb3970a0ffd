import { DatasetError, loadImageFolder, readTable, transformTable, type Examples } from '../data/index.js';
import type { KilnModelMetadata } from '../models/index.js';
import { UsageError } from './usageError.js';

/**
 * The user's test data for a saved model: raw table rows (with the target column), preprocessed
 * as the model's training rows were, or a folder of class folders of images, resized to the
 * model's input and labelled by the model's class names.
 */
export async function loadTestData(
  kind: 'table' | 'images',
  path: string,
  metadata: KilnModelMetadata,
): Promise<Examples> {
  try {
    if (kind === 'table') {
      if (!metadata.preprocessing) throw new UsageError(`${metadata.modelName} was not trained on a table`);
      const set = transformTable(metadata.preprocessing, await readTable(path), path);
      if (set.labels.length !== set.count && set.values.length !== set.count)
        throw new UsageError(`${path} has no '${metadata.preprocessing.target}' column to score against`);
      return set;
    }
    const [height, width, channels] = metadata.inputShape;
    if (channels === undefined)
      throw new UsageError(`${metadata.modelName} was trained on a table: pass a .csv or .json`);
    const folder = await loadImageFolder(path, {
      imageSize: [height!, width!],
      colorMode: channels === 1 ? 'grayscale' : 'rgb',
      cacheDir: false,
    });
    const mapping = folder.classNames.map((name) => {
      const index = metadata.classNames.indexOf(name);
      if (index < 0)
        throw new UsageError(
          `${path} has a class '${name}' the model does not know (${metadata.classNames.join(', ')})`,
        );
      return index;
    });
    return { ...folder.train, labels: folder.train.labels.map((label) => mapping[label]!) };
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(error.message);
    throw error;
  }
}
