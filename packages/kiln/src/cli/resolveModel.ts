import { readFile } from 'node:fs/promises';
import { getModelSpec, modelNames, type ConvnetSpec } from '../models/index.js';
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
  const text = await readFile(nameOrPath, 'utf8').catch(() => {
    throw new UsageError(`cannot read model spec file ${nameOrPath}: check the path`);
  });
  let spec: ConvnetSpec;
  try {
    spec = JSON.parse(text) as ConvnetSpec;
  } catch (error) {
    throw new UsageError(`${nameOrPath} is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(spec?.blocks) || !Array.isArray(spec.dense) || typeof spec.optimizer?.name !== 'string') {
    throw new UsageError(
      `${nameOrPath} is not a ConvnetSpec: it needs convolution, blocks, batchNormalization, head, dense and optimizer`,
    );
  }
  return { modelName: nameOrPath.replace(/^.*[\\/]/, '').replace(/\.json$/, ''), spec };
}
