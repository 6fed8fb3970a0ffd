import { readdir } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import {
  decodeImage,
  imageExtensions,
  readTable,
  transformTable,
  DatasetError,
  type Examples,
  type ImageSet,
} from '../data/index.js';
import type { Predictor } from './loadPredictor.js';
import { UsageError } from './usageError.js';

/**
 * A saved model's (or ensemble's) predictions for the raw rows of a table (preprocessed as in
 * training) or for the images under a folder (resized to the model's input), as CSV: the
 * predicted class and each class's probability, or the predicted value; images first name their file.
 */
export async function predictToCsv(
  predictor: Predictor,
  kind: 'table' | 'images',
  path: string,
  batchSize: number,
): Promise<string> {
  const { metadata } = predictor;
  let set: Examples;
  let files: string[] | undefined;
  try {
    if (kind === 'table') {
      if (!metadata.preprocessing)
        throw new UsageError(`${metadata.modelName} was not trained on a table: pass images (a folder) or --image`);
      const table = await readTable(path);
      // Predicting needs no targets: a target column (complete or not) is left out.
      const columns = table.columns.filter((column) => column !== metadata.preprocessing!.target);
      set = transformTable(metadata.preprocessing, { columns, rows: table.rows }, path);
    } else {
      if (metadata.inputShape.length !== 3)
        throw new UsageError(`${metadata.modelName} was trained on a table: pass rows (a .csv or .json file)`);
      files = await imageFiles(path);
      set = await decodeAll(files, metadata.inputShape as [number, number, number]);
    }
  } catch (error) {
    if (error instanceof DatasetError) throw new UsageError(error.message);
    throw error;
  }
  const outputs = await predictor.predict(set, { batchSize });
  const classNames = metadata.classNames;
  const regression = metadata.task === 'regression';
  const header = [...(files ? ['file'] : []), 'prediction', ...(regression ? [] : classNames)];
  const rows: (string | number)[][] = [];
  for (let row = 0; row < outputs.rows; row++) {
    const values = Array.from(outputs.data.subarray(row * outputs.classes, (row + 1) * outputs.classes));
    const prediction = regression ? values[0]! : classNames[values.indexOf(Math.max(...values))]!;
    rows.push([
      ...(files ? [relative(path, files[row]!)] : []),
      typeof prediction === 'number' ? Number(prediction.toPrecision(7)) : prediction,
      ...(regression ? [] : values.map((p) => Number(p.toFixed(6)))),
    ]);
  }
  return stringify([header, ...rows]);
}

/** The image files in `folder` and its sub-folders, sorted. */
async function imageFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const files = entries
    .filter(
      (entry) => entry.isFile() && (imageExtensions as readonly string[]).includes(extname(entry.name).toLowerCase()),
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0) throw new UsageError(`${folder} holds no images (${imageExtensions.join(', ')})`);
  return files;
}

async function decodeAll(
  files: readonly string[],
  [height, width, channels]: [number, number, number],
): Promise<ImageSet> {
  const images = new Uint8Array(files.length * height * width * channels);
  for (const [index, file] of files.entries()) {
    const image = await decodeImage(file, channels === 1 ? 'grayscale' : 'rgb', [height, width]).catch(
      (error: unknown) => {
        throw new UsageError(`${file} cannot be decoded as an image (${(error as Error).message})`);
      },
    );
    images.set(image.pixels, index * height * width * channels);
  }
  // Unknown classes: zeros, which nothing reads.
  return { images, labels: new Uint8Array(files.length), count: files.length, height, width, channels };
}
