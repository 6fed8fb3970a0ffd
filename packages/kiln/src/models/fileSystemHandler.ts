import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const modelFile = 'model.json';
const weightsFile = 'weights.bin';

/**
 * A tfjs `IOHandler` that saves a model to, and loads it from, a folder in the TensorFlow.js
 * layers format (`model.json` + `weights.bin`): what `tf.loadLayersModel` reads in a browser.
 * tfjs-node's `file://` handler does the same, but tfjs-node is not a dependency.
 *
 * Saving writes a sibling temp folder and renames it into place, so a crash never leaves a
 * half-written model; an existing model folder is replaced, any other existing folder is refused.
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveArtifacts(dir, artifacts),
    load: () => loadArtifacts(dir),
  };
}

async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer || artifacts.modelTopology === undefined) {
    throw new Error('only layers models with a JSON topology can be saved to a folder');
  }
  const weights =
    artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  const json = JSON.stringify(modelJson);

  await refuseToReplaceNonModel(dir);
  await mkdir(dirname(dir), { recursive: true });
  const temp = join(dirname(dir), `.${basename(dir)}.tmp-${randomBytes(4).toString('hex')}`);
  await mkdir(temp);
  try {
    await writeFile(join(temp, weightsFile), new Uint8Array(weights));
    await writeFile(join(temp, modelFile), json);
    await replaceDir(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: Buffer.byteLength(json),
      weightSpecsBytes: Buffer.byteLength(JSON.stringify(modelJson.weightsManifest)),
      weightDataBytes: weights.byteLength,
    },
  };
}

/** Saving over a folder that isn't a saved model (say, a typo'd `--out .`) would lose data. */
async function refuseToReplaceNonModel(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing === undefined) return;
  const hasModel = await stat(join(dir, modelFile)).then(
    () => true,
    () => false,
  );
  if (!existing.isDirectory() || !hasModel) {
    throw new Error(`${dir} exists and is not a saved model folder: choose a new path or remove it first`);
  }
}

/** Moves `temp` to `dir`, replacing an old `dir` only once the new one is complete. */
async function replaceDir(temp: string, dir: string): Promise<void> {
  const old = `${temp}.old`;
  const hadOld = await rename(dir, old).then(
    () => true,
    () => false,
  );
  await rename(temp, dir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = join(dir, modelFile);
  const text = await readFile(jsonPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'ENOENT'
        ? `no saved model in ${dir}: ${modelFile} not found (save one with \`kiln train\` or saveModel())`
        : `cannot read ${jsonPath}: ${error.message}`,
    );
  });
  const modelJson = parseModelJson(text, jsonPath);
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers = await Promise.all(
      manifest
        .flatMap((group) => group.paths)
        .map((path) =>
          readFile(join(dir, path)).catch(() => {
            throw new Error(
              `weights file ${join(dir, path)} is missing or unreadable: the saved model is incomplete; save it again`,
            );
          }),
        ),
    );
    const data = Buffer.concat(buffers);
    const expected = specs.reduce((sum, spec) => sum + weightBytes(spec), 0);
    if (data.byteLength !== expected) {
      throw new Error(
        `the weights in ${dir} hold ${data.byteLength} bytes but ${modelFile} describes ${expected}: the saved model is corrupt; save it again`,
      );
    }
    return [specs, data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)];
  });
}

/** Bytes per stored value, by dtype (quantized weights are stored in their quantized dtype). */
const valueBytes: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function weightBytes(spec: tf.io.WeightsManifestEntry): number {
  const values = spec.shape.reduce((product, dim) => product * dim, 1);
  return values * (valueBytes[spec.quantization?.dtype ?? spec.dtype] ?? Number.NaN);
}

function parseModelJson(text: string, path: string): tf.io.ModelJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${path} is not valid JSON (${(error as Error).message}): the saved model is corrupt; save it again`,
    );
  }
  const candidate = parsed as Partial<tf.io.ModelJSON> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.modelTopology !== 'object' ||
    !Array.isArray(candidate.weightsManifest)
  ) {
    throw new Error(
      `${path} is not a TensorFlow.js layers model (it needs modelTopology and weightsManifest): the saved model is corrupt; save it again`,
    );
  }
  return candidate as tf.io.ModelJSON;
}
