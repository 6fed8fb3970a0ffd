export interface TableColumn {
  readonly header: string;
  /** Numbers read best right-aligned; default left. */
  readonly align?: 'left' | 'right';
}

/** A plain-text table: a header, a rule, then one line per row, columns two spaces apart. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) =>
        column.align === 'right'
          ? (cells[index] ?? '').padStart(widths[index])
          : (cells[index] ?? '').padEnd(widths[index]),
      )
      .join('  ')
      .trimEnd();
  return (
    [
      line(columns.map((column) => column.header)),
      widths.map((width) => '-'.repeat(width)).join('  '),
      ...rows.map(line),
    ].join('\n') + '\n'
  );
}
