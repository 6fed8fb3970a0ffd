// Public API of the models concern; re-exported by src/index.ts.
export {};
