// What the rest of Kiln imports from the reports concern; none of it is public (src/api/).
export { formatTable, type TableColumn } from './formatTable.js';
export { writeFileAtomic } from './writeFileAtomic.js';
export { formatCompareReport, type CompareResults, type ModelRun } from './compareReport.js';
export { testDiagnostics, imagePng, type Mistake, type TestDiagnostics } from './testDiagnostics.js';
