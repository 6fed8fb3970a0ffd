// Public API of the reports concern; re-exported by src/index.ts.
export {};
