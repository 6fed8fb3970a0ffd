import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeArtifactFolder } from '../files/index.js';

const modelFile = 'model.json';
const weightsFile = 'weights.bin';
/** `sha256sum` format (`HASH  weights.bin`), so `sha256sum -c weights.sha256` checks it by hand too. */
const checksumFile = 'weights.sha256';

export interface FileSystemHandlerOptions {
  /** More files to write in the same atomic step as the model (say, `run.json`): name to contents. */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

/** True when `dir` holds a saved model (its model.json). */
export async function isModelFolder(dir: string): Promise<boolean> {
  return stat(join(dir, modelFile)).then(
    (info) => info.isFile(),
    () => false,
  );
}

/**
 * A tfjs `IOHandler` that saves a model to, and loads it from, a folder in the TensorFlow.js
 * layers format (`model.json` + `weights.bin`): what `tf.loadLayersModel` reads in a browser.
 * tfjs-node's `file://` handler does the same, but tfjs-node is not a dependency.
 *
 * Saving writes the folder as one step (`writeArtifactFolder`), so a crash leaves the old model or
 * the new one, never half of one; an existing model folder is replaced, any other non-empty folder
 * is refused. A checksum of the weights is stored beside them, and loading checks it.
 */
export function fileSystemHandler(dir: string, options: FileSystemHandlerOptions = {}): Required<tf.io.IOHandler> {
  return {
    save: (artifacts) => saveArtifacts(dir, artifacts, options.extraFiles ?? {}),
    load: () => loadArtifacts(dir),
  };
}

async function saveArtifacts(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
  extraFiles: Readonly<Record<string, string>>,
): Promise<tf.io.SaveResult> {
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
  const weightBytes = new Uint8Array(weights);
  await writeArtifactFolder(dir, async (staging) => {
    await writeFile(join(staging, weightsFile), weightBytes);
    await writeFile(join(staging, checksumFile), `${sha256(weightBytes)}  ${weightsFile}\n`);
    await writeFile(join(staging, modelFile), json);
    for (const [name, contents] of Object.entries(extraFiles)) await writeFile(join(staging, name), contents);
  });
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

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Saving over a folder that isn't a saved model (say, a typo'd `--out .`) would lose data. */
async function refuseToReplaceNonModel(dir: string): Promise<void> {
  const existing = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new Error(`cannot save a model to ${dir}: ${error.message}`);
  });
  if (existing === undefined) return;
  const empty = existing.isDirectory() && (await readdir(dir)).length === 0;
  if (!existing.isDirectory() || !(empty || (await isModelFolder(dir)))) {
    throw new Error(`${dir} exists and is not a saved model folder: choose a new path or remove it first`);
  }
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
          readFile(join(dir, path)).catch((error: NodeJS.ErrnoException) => {
            throw new Error(
              error.code === 'ENOENT'
                ? `weights file ${join(dir, path)} is missing: the saved model is incomplete; save it again`
                : `cannot read weights file ${join(dir, path)}: ${error.message}`,
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
    await verifyChecksum(dir, data);
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    assertFiniteWeights(dir, specs, buffer);
    return [specs, buffer];
  });
}

/** Compares the weights with the checksum saved beside them (folders saved before Kiln stored one have none). */
async function verifyChecksum(dir: string, data: Uint8Array): Promise<void> {
  const path = join(dir, checksumFile);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${error.message}`);
  });
  if (text === undefined) return;
  const expected = /^([0-9a-f]{64})\b/.exec(text)?.[1];
  if (expected !== sha256(data)) {
    throw new Error(
      `the saved model in ${dir} is damaged: ${weightsFile} does not match its checksum in ${checksumFile}; restore the folder from a backup or train the model again`,
    );
  }
}

/** NaN or infinite weights make every prediction NaN: say the model is damaged rather than predict. */
function assertFiniteWeights(dir: string, specs: readonly tf.io.WeightsManifestEntry[], buffer: ArrayBuffer): void {
  let offset = 0;
  for (const spec of specs) {
    const bytes = weightBytes(spec);
    if (spec.dtype === 'float32' && spec.quantization === undefined) {
      const values =
        offset % 4 === 0
          ? new Float32Array(buffer, offset, bytes / 4)
          : new Float32Array(buffer.slice(offset, offset + bytes));
      const bad = values.findIndex((value) => !Number.isFinite(value));
      if (bad >= 0) {
        throw new Error(
          `the saved model in ${dir} is damaged: weight '${spec.name}' holds ${values[bad]} at index ${bad}; restore the folder from a backup or train the model again`,
        );
      }
    }
    offset += bytes;
  }
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
