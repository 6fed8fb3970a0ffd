import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SplitPredictions } from './trainModel.js';
import { accuracy, type Labels, type ProbabilityMatrix } from '../metrics/index.js';
import type { FrozenTrial } from '../tuning/index.js';
import { writeArtifactFolder } from '../files/index.js';
import { saveModel, type KilnModelMetadata } from '../models/index.js';

/** The trial user attribute holding the absolute path of a COMPLETE trial's artifact folder. */
export const ARTIFACT_DIR_ATTR = 'artifactDir';

/** The splits whose predictions a trial keeps: its validation split (for ensembling) and the test set. */
export const predictionSplits = ['val', 'test'] as const;
export type PredictionSplit = (typeof predictionSplits)[number];

export interface TrialArtifacts {
  readonly model: tfl.LayersModel;
  readonly metadata: KilnModelMetadata;
  readonly predictions: Readonly<Record<PredictionSplit, SplitPredictions>>;
}

/** `predictions.json`: what the raw files of each split hold. */
interface PredictionsManifest {
  readonly classes: number;
  readonly splits: Record<
    PredictionSplit,
    { readonly rows: number; readonly probabilities: string; readonly labels: string }
  >;
}

const manifestFile = 'predictions.json';

/**
 * Writes a trial's artifacts to folder `dir`:
 *   model/              the trained model (`saveModel`; load with `loadModel`)
 *   spec.json           its ConvnetSpec (`kiln train <dir>/spec.json` trains it afresh)
 *   predictions.json    { classes, splits: { val|test: { rows, probabilities, labels } } }
 *   val.f32, test.f32   probabilities, float32 little-endian, row-major [rows x classes]
 *   val.labels, ...     true labels, one uint8 per row
 * The folder is written in one crash-safe step (`writeArtifactFolder`), so `dir` is either complete
 * or absent; an earlier folder at `dir` (from a deleted study of the same name) is replaced.
 */
export async function saveTrialArtifacts(dir: string, artifacts: TrialArtifacts): Promise<void> {
  await writeArtifactFolder(dir, async (staging) => {
    await saveModel(artifacts.model, join(staging, 'model'), artifacts.metadata);
    await writeFile(join(staging, 'spec.json'), `${JSON.stringify(artifacts.metadata.spec, null, 2)}\n`);
    const splits = {} as PredictionsManifest['splits'];
    for (const split of predictionSplits) {
      const { probabilities, labels } = artifacts.predictions[split];
      checkRows(split, probabilities, labels);
      splits[split] = { rows: probabilities.rows, probabilities: `${split}.f32`, labels: `${split}.labels` };
      await writeFile(join(staging, splits[split].probabilities), littleEndianBytes(probabilities.data));
      await writeFile(join(staging, splits[split].labels), labels);
    }
    const manifest: PredictionsManifest = { classes: artifacts.predictions.val.probabilities.classes, splits };
    await writeFile(join(staging, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
  });
}

/** Reads back the probabilities and labels `saveTrialArtifacts` wrote for one split. */
export async function loadTrialPredictions(dir: string, split: PredictionSplit): Promise<SplitPredictions> {
  const manifestPath = join(dir, manifestFile);
  let manifest: PredictionsManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PredictionsManifest;
  } catch (error) {
    throw new Error(
      `${manifestPath} cannot be read (${(error as Error).message}): ${dir} is not a complete trial artifact folder; re-run the trial`,
    );
  }
  const entry = manifest.splits?.[split];
  if (entry === undefined) throw new Error(`${manifestPath} lists no '${split}' predictions; re-run the trial`);
  const bytes = await readFile(join(dir, entry.probabilities));
  const labels = new Uint8Array(await readFile(join(dir, entry.labels)));
  const expected = entry.rows * manifest.classes * Float32Array.BYTES_PER_ELEMENT;
  if (bytes.length !== expected || labels.length !== entry.rows) {
    throw new Error(
      `${join(dir, entry.probabilities)} holds ${bytes.length} bytes and ${entry.labels} ${labels.length} labels, expected ${expected} bytes and ${entry.rows} labels; the folder is damaged, re-run the trial`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = Float32Array.from({ length: expected / 4 }, (_, index) => view.getFloat32(index * 4, true));
  return { probabilities: { data, rows: entry.rows, classes: manifest.classes }, labels };
}

/**
 * Test accuracy of a COMPLETE trial, from the test predictions it saved: the chapter's last step,
 * done once for the trial chosen on validation accuracy.
 */
export async function trialTestAccuracy(trial: FrozenTrial): Promise<number> {
  const dir = trial.userAttrs[ARTIFACT_DIR_ATTR];
  if (typeof dir !== 'string') {
    throw new Error(
      `trial ${trial.number} has no '${ARTIFACT_DIR_ATTR}' user attribute, so it saved no predictions (only COMPLETE trials of \`kiln tune\` do)`,
    );
  }
  const { probabilities, labels } = await loadTrialPredictions(dir, 'test');
  return accuracy(probabilities, labels);
}

function littleEndianBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return bytes;
}

function checkRows(split: string, probabilities: ProbabilityMatrix, labels: Labels): void {
  if (probabilities.rows !== labels.length) {
    throw new Error(`${split} predictions have ${probabilities.rows} rows but ${labels.length} labels`);
  }
}
