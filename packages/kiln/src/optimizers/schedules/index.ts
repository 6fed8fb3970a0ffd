// Keras' keras.optimizers.schedules: learning rates as pure functions of the step.
export { LearningRateSchedule } from './learningRateSchedule.js';
export { CosineDecay, type CosineDecayArgs } from './cosineDecay.js';
export { ExponentialDecay, type ExponentialDecayArgs } from './exponentialDecay.js';
export { OneCycle, type OneCycleArgs } from './oneCycle.js';
export { StepDecay, type StepDecayArgs } from './stepDecay.js';
