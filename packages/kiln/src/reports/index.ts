// What the rest of Kiln imports from the reports concern; none of it is public (src/api/).
export { formatTable, type TableColumn } from './formatTable.js';
export { formatCompareReport, type CompareResults, type ModelRun } from './compareReport.js';
export { testDiagnostics, imagePng, type Mistake, type TestDiagnostics } from './testDiagnostics.js';
export { writeReport, type Report, type WrittenReport } from './writeReport.js';
export { chartSvg, svgToPng } from './renderChart.js';
export { trainingReport, type TrainRunRecord } from './trainingReport.js';
export { studyPlotsReport } from './studyPlotsReport.js';
export { ensembleReport } from './ensembleReport.js';
export type { Chart } from './charts/chart.js';
export type { EnsembleRecord } from './charts/ensembleCharts.js';
export {
  studyCharts,
  summarizeTrial,
  WORKER_ATTR,
  type StudyChartData,
  type TrialSummary,
} from './charts/studyCharts.js';
