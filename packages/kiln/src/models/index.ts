// What the rest of Kiln imports from the models concern; users see the curated names of src/api/ (src/index.ts).
export type { ConvBlockSpec, ConvnetSpec, DenseSpec } from './convnetSpec.js';
export { convnetSpecSchema, parseConvnetSpec } from './convnetSpecSchema.js';
export { buildConvnet, type BuildOptions } from './buildConvnet.js';
export * as layers from './layers/index.js';
export { buildModel, getModelSpec, modelNames, modelSpecs } from './registry.js';
export { compileModel } from './compileModel.js';
export { fuseLayers } from './fuseLayers.js';
export { Dirac, dirac, type DiracArgs } from './diracInitializer.js';
export { withAugmentation, type Augmentation } from './withAugmentation.js';
export { modelSummary } from './summary.js';
export { fileSystemHandler, isModelFolder, type FileSystemHandlerOptions } from './fileSystemHandler.js';
export { loadModel, readModelMetadata, saveModel, type KilnModelMetadata, type LoadedModel } from './saveLoad.js';
export { optimizerOf } from './saveLoad.js';
export type { ModelContext } from './modelContext.js';
export { buildMlp, type MlpOptions } from './mlp.js';
export { buildResnet, type ResnetOptions } from './resnet.js';
export { architectures, architectureNames } from './architectures.js';
export {
  modelFromKerasJson,
  kerasLosses,
  type KerasCompileConfig,
  type KerasLoss,
  type KerasModelFile,
} from './kerasJson.js';
export { withKilnLayers } from './withKilnLayers.js';
export {
  buildFromFunction,
  loadBuildFunction,
  moduleExtensions,
  type BuildContext,
  type BuildFunction,
} from './userModule.js';
export {
  architectureSource,
  convnetSource,
  kerasJsonSource,
  moduleSource,
  type BuiltModel,
  type CompileOverrides,
  type ModelSource,
} from './modelSource.js';
