import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { tsImport } from 'tsx/esm/api';
import type { ModelContext } from './modelContext.js';

/**
 * What `build(context)` receives: the data's shape and task, the trial when tuning, and the tfjs
 * libraries Kiln runs on (use them, so the model is made by the same tfjs as trains it).
 */
export interface BuildContext<Trial = unknown> extends ModelContext<Trial> {
  readonly tf: typeof tf;
  readonly tfl: typeof tfl;
}

/** A user's model-building function, KerasTuner's `build(hp)` in Kiln's define-by-run form. */
export type BuildFunction<Trial = unknown> = (
  context: BuildContext<Trial>,
) => tfl.LayersModel | Promise<tfl.LayersModel>;

export const moduleExtensions = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;

/** Imports a JavaScript or TypeScript (through tsx) module and returns its exported `build` function. */
export async function loadBuildFunction(file: string): Promise<BuildFunction> {
  const path = resolve(file);
  const typescript = ['.ts', '.mts', '.cts'].includes(extname(path));
  let module: { build?: unknown; default?: { build?: unknown } };
  try {
    module = typescript
      ? await tsImport(pathToFileURL(path).href, import.meta.url)
      : await import(pathToFileURL(path).href);
  } catch (error) {
    throw new Error(`cannot import ${file}: ${(error as Error).message}`);
  }
  const build = module.build ?? module.default?.build;
  if (typeof build !== 'function') {
    throw new Error(`${file} exports no build function: export function build(context) { ... return model; }`);
  }
  return build as BuildFunction;
}

/** Calls `build` with `context` (plus the tfjs libraries) and checks it returned a tfjs-layers model. */
export async function buildFromFunction(
  build: BuildFunction,
  context: ModelContext,
  source: string,
): Promise<tfl.LayersModel> {
  const model = await build({ ...context, tf, tfl });
  if (!(model instanceof tfl.LayersModel)) {
    throw new Error(
      `${source}: build(context) returned ${model === null ? 'null' : typeof model}, not a tfjs-layers model (tf.sequential() or tf.model())`,
    );
  }
  return model;
}
