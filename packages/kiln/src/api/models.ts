// kiln.models, as keras.models: build a named or described convnet, summarize, save and load it.
export type { ConvBlockSpec, ConvnetSpec, DenseSpec } from '../models/convnetSpec.js';
export { buildConvnet, type BuildOptions } from '../models/buildConvnet.js';
export { buildModel, getModelSpec, modelNames } from '../models/registry.js';
export { compileModel } from '../models/compileModel.js';
export { fuseLayers } from '../models/fuseLayers.js';
// The kernel initializer of airbench's convolutions (identity filters first).
export { Dirac, dirac, type DiracArgs } from '../models/diracInitializer.js';
export { withAugmentation, type Augmentation } from '../models/withAugmentation.js';
export { modelSummary } from '../models/summary.js';
export { loadModel, saveModel, type KilnModelMetadata, type LoadedModel } from '../models/saveLoad.js';
// Models for any data (issue 16): built for a data set's ModelContext, read from Keras JSON, or a user's build(context).
export type { ModelContext } from '../models/modelContext.js';
export { buildMlp, type MlpOptions } from '../models/mlp.js';
export { buildResnet, type ResnetOptions } from '../models/resnet.js';
export { modelFromKerasJson, type KerasModelFile } from '../models/kerasJson.js';
export type { BuildContext, BuildFunction } from '../models/userModule.js';
