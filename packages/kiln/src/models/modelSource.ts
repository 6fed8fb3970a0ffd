import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { architectures } from './architectures.js';
import { buildConvnet } from './buildConvnet.js';
import { compileModel } from './compileModel.js';
import type { ConvnetSpec } from './convnetSpec.js';
import { modelFromKerasJson, type KerasLoss } from './kerasJson.js';
import type { ModelContext } from './modelContext.js';
import type { OptimizerName, OptimizerSpec } from '../optimizers/index.js';
import { buildFromFunction, loadBuildFunction, type BuildFunction } from './userModule.js';
import { withKilnLayers } from './withKilnLayers.js';

/** A compiled model ready to train, and how it was compiled (saved with it). */
export interface BuiltModel {
  readonly model: tfl.LayersModel;
  readonly optimizer: OptimizerSpec;
  readonly loss?: KerasLoss;
  /** For a chapter convnet: its spec. */
  readonly spec?: ConvnetSpec;
}

/** Where a model comes from: a chapter spec, a built-in architecture, a model JSON or a user's module. */
export interface ModelSource {
  readonly modelName: string;
  /** Builds and compiles the model for data described by `context`. */
  build(context: ModelContext): Promise<BuiltModel>;
}

/** The training configuration flags: they override what a model file says. */
export interface CompileOverrides {
  readonly optimizer?: OptimizerName;
  readonly learningRate?: number;
}

/** The optimizer: flags first, then the model's own, then the chapter's RMSprop. */
function chooseOptimizer(overrides: CompileOverrides, own: OptimizerSpec | undefined): OptimizerSpec {
  const name = overrides.optimizer ?? own?.name ?? 'rmsprop';
  const learningRate = overrides.learningRate ?? (name === own?.name ? own.learningRate : undefined);
  return { name, ...(learningRate === undefined ? {} : { learningRate }) };
}

/** A chapter convnet (`separable`, a ConvnetSpec file): images only, classification only. */
export function convnetSource(modelName: string, spec: ConvnetSpec, overrides: CompileOverrides = {}): ModelSource {
  return {
    modelName,
    async build(context) {
      if (context.inputShape.length !== 3 || context.task !== 'classification') {
        throw new Error(
          `${modelName} is an image classifier: use mlp (or your own model) for ${context.task === 'regression' ? 'regression' : 'tables'}`,
        );
      }
      const withOptimizer =
        overrides.optimizer || overrides.learningRate
          ? { ...spec, optimizer: chooseOptimizer(overrides, spec.optimizer) }
          : spec;
      const [height, width, channels] = context.inputShape as [number, number, number];
      const model = buildConvnet(withOptimizer, {
        inputShape: [height, width, channels],
        numClasses: context.outputs,
        seed: context.seed,
      });
      return { model, optimizer: withOptimizer.optimizer, spec: withOptimizer };
    },
  };
}

/** `mlp` or `resnet`, built for the data's shape and task. */
export function architectureSource(name: string, overrides: CompileOverrides = {}): ModelSource {
  const builder = architectures[name];
  if (!builder) throw new Error(`unknown architecture '${name}'`);
  return {
    modelName: name,
    async build(context) {
      const model = builder(context);
      const optimizer = chooseOptimizer(overrides, undefined);
      compileModel(model, optimizer, context.task);
      return { model, optimizer };
    },
  };
}

/** A Keras (3 or 2) or tfjs model JSON file; its `compile_config` gives optimizer and loss unless flags override. */
export async function kerasJsonSource(file: string, overrides: CompileOverrides = {}): Promise<ModelSource> {
  const document: unknown = JSON.parse(await readFile(file, 'utf8'));
  return {
    modelName: basename(file, extname(file)),
    async build(context) {
      const { model, compileConfig } = await modelFromKerasJson(document, file);
      checkFits(model, context, file);
      const optimizer = chooseOptimizer(overrides, compileConfig.optimizer);
      const loss = lossForTask(compileConfig.loss, context, file);
      compileModel(model, optimizer, context.task, loss);
      return { model, optimizer, ...(loss ? { loss } : {}) };
    },
  };
}

/**
 * A JavaScript or TypeScript module exporting `build(context)`. The model it returns is rebuilt
 * with Kiln's layers (same architecture and weights) to train at the engine's speed; if `build`
 * compiled it, its optimizer (name and learning rate) is kept unless flags override.
 */
export async function moduleSource(file: string, overrides: CompileOverrides = {}): Promise<ModelSource> {
  const build: BuildFunction = await loadBuildFunction(file);
  return {
    modelName: basename(file, extname(file)),
    async build(context) {
      const built = await buildFromFunction(build, context, file);
      const own = compiledOptimizer(built);
      const model = await withKilnLayers(built);
      checkFits(model, context, file);
      const optimizer = chooseOptimizer(overrides, own);
      compileModel(model, optimizer, context.task);
      return { model, optimizer };
    },
  };
}

/** The optimizer a user compiled their model with, in Kiln's terms, when Kiln has one like it. */
function compiledOptimizer(model: tfl.LayersModel): OptimizerSpec | undefined {
  const optimizer = (model as { optimizer?: { getClassName(): string; getConfig(): { learningRate?: unknown } } })
    .optimizer;
  if (!optimizer) return undefined;
  const names: Record<string, OptimizerName> = { Adam: 'adam', RMSProp: 'rmsprop', SGD: 'sgd', Adadelta: 'adadelta' };
  const name = names[optimizer.getClassName()] ?? (optimizer.getClassName().toLowerCase() as OptimizerName);
  if (!Object.values(names).includes(name)) return undefined;
  const learningRate = optimizer.getConfig().learningRate;
  return { name, ...(typeof learningRate === 'number' ? { learningRate } : {}) };
}

function lossForTask(loss: KerasLoss | undefined, context: ModelContext, file: string): KerasLoss | undefined {
  if (loss === undefined) return undefined;
  const classification = loss === 'categoricalCrossentropy';
  if (classification !== (context.task === 'classification')) {
    throw new Error(
      `${file} is compiled with ${loss}, a ${classification ? 'classification' : 'regression'} loss, but the data's task is ${context.task}: pass --task, or remove the loss from its compile_config`,
    );
  }
  return loss;
}

/** Refuses a model whose input or output does not fit the data, before tfjs fails with a shape error. */
function checkFits(model: tfl.LayersModel, context: ModelContext, source: string): void {
  const input = model.inputs[0]?.shape.slice(1) ?? [];
  if (model.inputs.length !== 1 || input.join('x') !== context.inputShape.join('x')) {
    throw new Error(
      `${source} takes inputs of shape [${input.join(', ')}] but the data's examples are [${context.inputShape.join(', ')}]: ${context.inputShape.length === 1 ? 'the table has these many features after preprocessing (one-hot columns, missing indicators)' : 'pass --image-size or change the model'}; build it from context.inputShape`,
    );
  }
  const output = model.outputs[0]?.shape;
  if (model.outputs.length !== 1 || output?.length !== 2 || output[1] !== context.outputs) {
    throw new Error(
      `${source} outputs [${output?.slice(1).join(', ')}] but the data needs ${context.outputs} output unit(s) (${context.task === 'classification' ? `${context.outputs} classes, softmax` : 'regression, linear'}); use context.outputs`,
    );
  }
}
