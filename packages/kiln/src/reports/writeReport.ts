import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Chart } from './charts/chart.js';
import { chartSvg, svgToPng } from './renderChart.js';
import { reportHtml, type ReportTable } from './reportPage.js';
import { writeFileAtomic } from '../files/index.js';

export interface Report {
  readonly title: string;
  readonly facts: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly Chart[];
}

/** The files `writeReport` made. */
export interface WrittenReport {
  readonly html: string;
  /** Per chart name, its SVG and PNG. */
  readonly charts: Readonly<Record<string, { readonly svg: string; readonly png: string }>>;
}

/** Renders each chart to `out/charts/NAME.svg` and `.png`, and the whole report to `out/report.html`. */
export async function writeReport(out: string, report: Report): Promise<WrittenReport> {
  await mkdir(join(out, 'charts'), { recursive: true });
  const rendered = [];
  const files: Record<string, { svg: string; png: string }> = {};
  for (const chart of report.charts) {
    const svg = await chartSvg(chart.spec);
    const file = chart.name.replace(/[^\w.-]+/g, '-');
    const paths = { svg: join(out, 'charts', `${file}.svg`), png: join(out, 'charts', `${file}.png`) };
    await writeFileAtomic(paths.svg, svg);
    await writeFileAtomic(paths.png, svgToPng(svg));
    files[chart.name] = paths;
    rendered.push({ name: chart.name, title: chart.title, svg });
  }
  const html = join(out, 'report.html');
  await writeFileAtomic(html, reportHtml({ ...report, charts: rendered }));
  return { html, charts: files };
}
