// Public API of the tuning concern; re-exported by src/index.ts.
export {};
