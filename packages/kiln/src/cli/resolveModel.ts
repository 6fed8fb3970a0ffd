import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  architectureNames,
  architectureSource,
  convnetSource,
  getModelSpec,
  kerasJsonSource,
  moduleExtensions,
  moduleSource,
  modelNames,
  parseConvnetSpec,
  type CompileOverrides,
  type ConvnetSpec,
  type ModelSource,
} from '../models/index.js';
import { UsageError } from './usageError.js';

export interface ResolvedModel {
  readonly modelName: string;
  /** For a chapter convnet (a registry name or a ConvnetSpec file). */
  readonly spec?: ConvnetSpec;
  /** Builds the model for the data it will train on. */
  readonly source: ModelSource;
}

const modelHelp = `use one of ${[...modelNames, ...architectureNames].join(', ')}, a ConvnetSpec or Keras/tfjs model .json file, or a .js/.ts module exporting build(context)`;

/**
 * A MODEL argument: a registry name (`separable`, ..., `mlp`, `resnet`), the path of a JSON file
 * holding a ConvnetSpec (say, the best one `kiln tune` found) or a Keras/tfjs model
 * (`model.to_json()`), or a JavaScript/TypeScript module exporting `build(context)`.
 * `overrides` (--optimizer, --learning-rate) replace the model's own optimizer.
 */
export async function resolveModel(nameOrPath: string, overrides: CompileOverrides = {}): Promise<ResolvedModel> {
  if (modelNames.includes(nameOrPath)) {
    const spec = getModelSpec(nameOrPath);
    return { modelName: nameOrPath, spec, source: convnetSource(nameOrPath, spec, overrides) };
  }
  if (architectureNames.includes(nameOrPath))
    return { modelName: nameOrPath, source: architectureSource(nameOrPath, overrides) };
  const extension = extname(nameOrPath).toLowerCase();
  if ((moduleExtensions as readonly string[]).includes(extension)) {
    try {
      return { modelName: baseName(nameOrPath), source: await moduleSource(nameOrPath, overrides) };
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (extension !== '.json') throw new UsageError(`unknown model '${nameOrPath}': ${modelHelp}`);
  const text = await readFile(nameOrPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    // Only a missing file is the path's fault; otherwise say what the system said (permissions, a folder, ...).
    throw new UsageError(
      error.code === 'ENOENT'
        ? `model spec file ${nameOrPath} does not exist: check the path`
        : `cannot read model spec file ${nameOrPath}: ${error.message}`,
    );
  });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${nameOrPath} is not valid JSON (${(error as Error).message})`);
  }
  const fields = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  if ('class_name' in fields || 'modelTopology' in fields || 'model_config' in fields)
    return { modelName: baseName(nameOrPath), source: await kerasJsonSource(nameOrPath, overrides) };
  let spec: ConvnetSpec;
  try {
    spec = parseConvnetSpec(document, nameOrPath);
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message} (nor is it a Keras model JSON: class_name, config, as model.to_json() writes)`,
    );
  }
  const modelName = baseName(nameOrPath);
  return { modelName, spec, source: convnetSource(modelName, spec, overrides) };
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}
