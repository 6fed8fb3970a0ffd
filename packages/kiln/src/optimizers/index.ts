// Public API of the optimizers concern; re-exported by src/index.ts.
export * from './schedules/index.js';
export { getLearningRate, scheduleLearningRate, setLearningRate } from './learningRate.js';
export { AdamWOptimizer, type AdamWOptions } from './adamW.js';
export { DecoupledWeightDecayOptimizer, type WeightDecayOptions } from './decoupledWeightDecay.js';
export { SgdOptimizer, type SgdOptions } from './sgd.js';
