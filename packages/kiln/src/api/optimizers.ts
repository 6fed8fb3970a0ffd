// kiln.optimizers, as keras.optimizers: the optimizers by their Keras names, learning rates and schedules.
export * from '../optimizers/index.js';
