// Public API of the optimizers concern; re-exported by src/index.ts.
export * from './schedules/index.js';
export { getLearningRate, scheduleLearningRate, setLearningRate } from './learningRate.js';
