import { readFile } from 'node:fs/promises';
import { getModelSpec, modelNames, parseConvnetSpec, type ConvnetSpec } from '../models/index.js';
import { UsageError } from './usageError.js';

export interface ResolvedModel {
  readonly modelName: string;
  readonly spec: ConvnetSpec;
}

/**
 * A MODEL argument: a registry name (`separable`, ...) or the path of a JSON file holding a
 * ConvnetSpec (say, the best one `kiln tune` found).
 */
export async function resolveModel(nameOrPath: string): Promise<ResolvedModel> {
  if (modelNames.includes(nameOrPath)) return { modelName: nameOrPath, spec: getModelSpec(nameOrPath) };
  if (!nameOrPath.endsWith('.json')) {
    throw new UsageError(
      `unknown model '${nameOrPath}': use one of ${modelNames.join(', ')}, or the path of a ConvnetSpec .json file`,
    );
  }
  const text = await readFile(nameOrPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    // Only a missing file is the path's fault; otherwise say what the system said (permissions, a folder, ...).
    throw new UsageError(
      error.code === 'ENOENT'
        ? `model spec file ${nameOrPath} does not exist: check the path`
        : `cannot read model spec file ${nameOrPath}: ${error.message}`,
    );
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${nameOrPath} is not valid JSON (${(error as Error).message})`);
  }
  let spec: ConvnetSpec;
  try {
    spec = parseConvnetSpec(parsed, nameOrPath);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { modelName: nameOrPath.replace(/^.*[\\/]/, '').replace(/\.json$/, ''), spec };
}
