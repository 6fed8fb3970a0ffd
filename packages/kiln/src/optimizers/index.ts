// Public API of the optimizers concern; re-exported by src/index.ts.
export { AdamWOptimizer, type AdamWOptions } from './adamW.js';
export type { WeightDecayOptions } from './decoupledWeightDecay.js';
export { ExponentialMovingAverage, type ExponentialMovingAverageOptions } from './exponentialMovingAverage.js';
export type { LearningRate } from './learningRate.js';
export { SgdOptimizer, type SgdOptions } from './sgd.js';
