// Public API of the ensembling concern; re-exported by src/index.ts.
export type { Labels, ProbabilityMatrix } from './probabilityMatrix.js';
export { argmaxRows, probabilityMatrixFromTensor } from './probabilityMatrix.js';
export { validateLabels, validateMatrix, validateMembers } from './validate.js';
export { averageEnsemble, normalizeWeights } from './average.js';
