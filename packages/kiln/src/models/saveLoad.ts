import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import type { TablePreprocessing, Task } from '../data/index.js';
import { compileModel } from './compileModel.js';
import type { ConvnetSpec } from './convnetSpec.js';
import { fileSystemHandler } from './fileSystemHandler.js';
import type { KerasLoss } from './kerasJson.js';
import './layers/index.js';
import type { OptimizerSpec } from '../optimizers/index.js';

/** What Kiln stores next to the weights (in model.json's `userDefinedMetadata.kiln`). */
export interface KilnModelMetadata {
  /** Registry name (`separable`, ...) or a caller's label for a custom spec. */
  readonly modelName: string;
  /** A chapter convnet's architecture and optimizer, so a loaded model can be recompiled and rebuilt. */
  readonly spec?: ConvnetSpec;
  /** The optimizer of a model without a spec (`mlp`, `resnet`, a user's model). */
  readonly optimizer?: OptimizerSpec;
  /** A loss other than the task's default. */
  readonly loss?: KerasLoss;
  /** Default `classification`. */
  readonly task?: Task;
  /** One example's shape: `[height, width, channels]` for images, `[features]` for tables. */
  readonly inputShape: readonly number[];
  /** Empty for regression. */
  readonly classNames: readonly string[];
  /** The dataset it was trained on, e.g. `cifar10` or a path. */
  readonly dataset?: string;
  /** `datasetFingerprint` of the data it was trained and tested on. */
  readonly fingerprint?: string;
  /** For tables: how raw rows become features, so raw rows can be predicted. */
  readonly preprocessing?: TablePreprocessing;
}

/** The optimizer a saved model is recompiled with. */
export function optimizerOf(metadata: KilnModelMetadata): OptimizerSpec | undefined {
  return metadata.optimizer ?? metadata.spec?.optimizer;
}

export interface LoadedModel {
  /** Compiled with the saved optimizer settings (the optimizer's state starts fresh). */
  readonly model: tfl.LayersModel;
  readonly metadata: KilnModelMetadata;
}

/**
 * Saves `model` and its metadata to folder `dir`, replacing an earlier save there in one crash-safe
 * step that also writes `extraFiles` (name to contents, e.g. a run record).
 */
export async function saveModel(
  model: tfl.LayersModel,
  dir: string,
  metadata: KilnModelMetadata,
  extraFiles: Readonly<Record<string, string>> = {},
): Promise<void> {
  model.setUserDefinedMetadata({ kiln: metadata });
  await model.save(fileSystemHandler(dir, { extraFiles }));
}

/**
 * The Kiln metadata in `dir/model.json` without loading the weights, or null when the folder holds
 * no readable model.json or it carries no Kiln metadata.
 */
export async function readModelMetadata(dir: string): Promise<KilnModelMetadata | null> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
      userDefinedMetadata?: { kiln?: KilnModelMetadata };
    };
    return json.userDefinedMetadata?.kiln ?? null;
  } catch {
    return null;
  }
}

/** Loads a model saved by `saveModel`, with clear errors for missing or corrupt folders. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const model = await tfl.loadLayersModel(fileSystemHandler(dir));
  const metadata = (model.getUserDefinedMetadata() as { kiln?: KilnModelMetadata } | undefined)?.kiln;
  const optimizer = metadata && optimizerOf(metadata);
  if (optimizer === undefined || !Array.isArray(metadata!.classNames) || !Array.isArray(metadata!.inputShape)) {
    throw new Error(
      `${dir} holds a TensorFlow.js model without Kiln's metadata (model name, spec, classes): save it with saveModel() or \`kiln train\``,
    );
  }
  compileModel(model, optimizer, metadata!.task, metadata!.loss);
  return { model, metadata: metadata! };
}
