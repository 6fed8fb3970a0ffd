// Public API of the data concern; re-exported by src/index.ts.
export {};
