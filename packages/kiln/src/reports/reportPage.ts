/** A table of figures shown above the charts. */
export interface ReportTable {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface ReportContent {
  readonly title: string;
  /** Lines saying what was run: command, data, versions. */
  readonly facts: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly { readonly name: string; readonly title: string; readonly svg: string }[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function tableHtml(table: ReportTable): string {
  const cells = (row: readonly (string | number)[], tag: string): string =>
    `<tr>${row.map((cell) => `<${tag}>${escapeHtml(typeof cell === 'number' ? formatNumber(cell) : cell)}</${tag}>`).join('')}</tr>`;
  return `<table><caption>${escapeHtml(table.caption)}</caption><thead>${cells(table.headers, 'th')}</thead><tbody>${table.rows.map((row) => cells(row, 'td')).join('')}</tbody></table>`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(4);
}

/**
 * One self-contained HTML page: the charts' SVGs inline and a Content-Security-Policy that forbids
 * any fetch (only inline styles and data: images), so it opens offline and leaks nothing.
 */
export function reportHtml(content: ReportContent): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<style>
body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.7em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 2em 0; overflow-x: auto; }
figcaption { font-weight: bold; margin-bottom: 0.5em; }
.facts { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>${escapeHtml(content.title)}</h1>
<ul class="facts">${content.facts.map((fact) => `<li>${escapeHtml(fact)}</li>`).join('')}</ul>
${content.tables.map(tableHtml).join('\n')}
${content.charts.map((chart) => `<figure id="${escapeHtml(chart.name)}"><figcaption>${escapeHtml(chart.title)}</figcaption>${chart.svg}</figure>`).join('\n')}
</body>
</html>
`;
}
