// Public API of the ensembling concern; re-exported by src/index.ts.
export {};
