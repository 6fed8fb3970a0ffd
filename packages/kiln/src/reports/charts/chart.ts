import type { TopLevelSpec } from 'vega-lite';

/** One chart of a report: a file-safe name, a title for people, and its Vega-Lite spec with the data inlined. */
export interface Chart {
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** The size and look every chart shares, so a report reads as one document. */
export const chartDefaults = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: { font: 'sans-serif', view: { stroke: '#ddd' } },
} as const;
