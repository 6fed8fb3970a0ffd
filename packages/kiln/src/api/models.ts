// kiln.models, as keras.models: build a named or described convnet, summarize, save and load it.
export type { ConvBlockSpec, ConvnetSpec, DenseSpec } from '../models/convnetSpec.js';
export { buildConvnet, type BuildOptions } from '../models/buildConvnet.js';
export { buildModel, getModelSpec, modelNames } from '../models/registry.js';
export { compileModel } from '../models/compileModel.js';
export { fuseLayers } from '../models/fuseLayers.js';
export { modelSummary } from '../models/summary.js';
export { loadModel, saveModel, type KilnModelMetadata, type LoadedModel } from '../models/saveLoad.js';
