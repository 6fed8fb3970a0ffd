import * as tfl from '@tensorflow/tfjs-layers';
import type * as tf from '@tensorflow/tfjs-core';
import './layers/index.js';
import { optimizerNames, type OptimizerName, type OptimizerSpec } from '../optimizers/index.js';

/** What a model file says about training it: Keras 3's `compile_config`, read as far as Kiln can use it. */
export interface KerasCompileConfig {
  readonly optimizer?: OptimizerSpec;
  /** The loss, as a tfjs loss name (`categoricalCrossentropy`, `meanSquaredError`, `meanAbsoluteError`). */
  readonly loss?: KerasLoss;
}

export const kerasLosses = ['categoricalCrossentropy', 'meanSquaredError', 'meanAbsoluteError'] as const;
export type KerasLoss = (typeof kerasLosses)[number];

export interface KerasModelFile {
  /** Built, with fresh weights; Kiln's layers in place of tfjs' of the same Keras class. */
  readonly model: tfl.LayersModel;
  readonly compileConfig: KerasCompileConfig;
}

/**
 * Builds the model a Keras or tfjs model JSON describes: `model.to_json()` of Keras 3 (with
 * `module`, `registered_name`, `build_config`, `compile_config`) or Keras 2, `model.toJSON()` of
 * tfjs, or a tfjs `model.json` (its `modelTopology`; weights are not read). Keras class names
 * resolve to Kiln's registered layers (Conv2D, BatchNormalization, ...), so the model trains
 * through the engine's one-pass ops.
 */
export async function modelFromKerasJson(document: unknown, source = 'the model file'): Promise<KerasModelFile> {
  let topology = asRecord(document, source);
  if (isRecord(topology['modelTopology'])) topology = topology['modelTopology'];
  if (isRecord(topology['model_config'])) topology = topology['model_config'];
  if (typeof topology['class_name'] !== 'string' || !isRecord(topology['config'])) {
    throw new Error(`${source} is not a Keras model JSON: it needs 'class_name' and 'config' (from model.to_json())`);
  }
  const compileConfig = readCompileConfig(topology['compile_config'], source);
  const keras2 = toKeras2(topology) as Record<string, unknown>;
  let model: tfl.LayersModel;
  try {
    model = (await tfl.models.modelFromJSON({
      modelTopology: keras2,
    } as unknown as tf.io.ModelJSON)) as tfl.LayersModel;
  } catch (error) {
    throw new Error(`${source}: tfjs-layers cannot build this model (${(error as Error).message})`);
  }
  return { model, compileConfig };
}

/** Rewrites Keras 3's serialization into Keras 2's, which tfjs-layers reads. */
function toKeras2(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toKeras2(item));
  if (!isRecord(value)) return value;
  // Keras 3's dtype policy object; tfjs knows plain dtypes.
  if (key === 'dtype' && value['class_name'] === 'DTypePolicy') return 'float32';
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    if (['module', 'registered_name', 'build_config', 'compile_config'].includes(name)) continue;
    if (name === 'inbound_nodes' && Array.isArray(item) && item.some((node) => isRecord(node) && 'args' in node)) {
      out[name] = item.map(inboundNodeToKeras2);
      continue;
    }
    out[name] = toKeras2(item, name);
  }
  if (value['class_name'] === 'InputLayer' && isRecord(out['config'])) {
    const config = out['config'];
    if ('batch_shape' in config && !('batch_input_shape' in config)) {
      config['batch_input_shape'] = config['batch_shape'];
      delete config['batch_shape'];
    }
    delete config['optional'];
  }
  return out;
}

/** Keras 3's `{args, kwargs}` call record as Keras 2's list of `[layer, node, tensor, kwargs]`. */
function inboundNodeToKeras2(node: unknown): unknown[] {
  const tensors: unknown[] = [];
  const collect = (item: unknown): void => {
    if (Array.isArray(item)) item.forEach(collect);
    else if (isRecord(item) && item['class_name'] === '__keras_tensor__' && isRecord(item['config'])) {
      const [layer, nodeIndex, tensorIndex] = item['config']['keras_history'] as [string, number, number];
      tensors.push([layer, nodeIndex, tensorIndex, {}]);
    }
  };
  collect(isRecord(node) ? node['args'] : node);
  return tensors;
}

const lossNames: Readonly<Record<string, KerasLoss>> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'categoricalCrossentropy',
  categoricalcrossentropy: 'categoricalCrossentropy',
  sparsecategoricalcrossentropy: 'categoricalCrossentropy',
  mse: 'meanSquaredError',
  mean_squared_error: 'meanSquaredError',
  meansquarederror: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  mean_absolute_error: 'meanAbsoluteError',
  meanabsoluteerror: 'meanAbsoluteError',
};

function readCompileConfig(config: unknown, source: string): KerasCompileConfig {
  if (!isRecord(config)) return {};
  let optimizer: OptimizerSpec | undefined;
  const serialized = config['optimizer'];
  const className = isRecord(serialized) ? serialized['class_name'] : serialized;
  if (typeof className === 'string') {
    const name = className.toLowerCase() as OptimizerName;
    if (!optimizerNames.includes(name)) {
      throw new Error(
        `${source}: its optimizer ${className} is not one Kiln has (${optimizerNames.join(', ')}); pass --optimizer`,
      );
    }
    const rate =
      isRecord(serialized) && isRecord(serialized['config']) ? serialized['config']['learning_rate'] : undefined;
    optimizer = { name, ...(typeof rate === 'number' ? { learningRate: rate } : {}) };
  }
  let loss: KerasLoss | undefined;
  const lossName = isRecord(config['loss']) ? config['loss']['class_name'] : config['loss'];
  if (typeof lossName === 'string') {
    loss = lossNames[lossName.replace(/[A-Z]/g, (c) => c.toLowerCase())] ?? lossNames[lossName.toLowerCase()];
    if (!loss)
      throw new Error(
        `${source}: its loss ${lossName} is not one Kiln trains with (categorical_crossentropy, mse, mae)`,
      );
  }
  return { ...(optimizer ? { optimizer } : {}), ...(loss ? { loss } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown, source: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${source} is not a JSON object`);
  return value;
}
