// Public API of the reports concern; re-exported by src/index.ts.
export { formatTable, type TableColumn } from './formatTable.js';
export { writeFileAtomic } from './writeFileAtomic.js';
export { formatCompareReport, type CompareResults, type ModelRun } from './compareReport.js';
export { testDiagnostics, imagePng, type Mistake, type TestDiagnostics } from './testDiagnostics.js';
