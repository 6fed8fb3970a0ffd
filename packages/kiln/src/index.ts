// Kiln's public API: one re-export per concern.
export * from './data/index.js';
export * from './models/index.js';
export * from './training/index.js';
export * from './callbacks/index.js';
export * from './optimizers/index.js';
export * from './tuning/index.js';
export * from './ensembling/index.js';
export * from './reports/index.js';
export * from './backend/select.js';
export * from './chapter/index.js';
export * from './metrics/index.js';
