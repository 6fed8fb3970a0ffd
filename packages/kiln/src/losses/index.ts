// Public API of the losses concern; re-exported by src/index.ts.
export { categoricalCrossentropy, type CategoricalCrossentropyOptions } from './categoricalCrossentropy.js';
