// Public API of the training concern; re-exported by src/index.ts.
export {};
