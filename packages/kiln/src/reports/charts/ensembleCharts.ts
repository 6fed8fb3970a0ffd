import type { Evaluation } from '../../metrics/index.js';
import type { ReliabilityBin } from '../../metrics/index.js';
import { chartDefaults, type Chart } from './chart.js';

/** What `kiln ensemble` writes to results.json that the charts read. */
export interface EnsembleRecord {
  readonly method: string;
  readonly state: { readonly weights?: readonly number[]; readonly rounds?: number };
  readonly members: readonly { readonly name: string; readonly test: Evaluation }[];
  readonly ensemble: { readonly name: string; readonly test: Evaluation };
  readonly diversity: { readonly disagreementMatrix: readonly (readonly number[])[] };
  /** Test-set reliability bins by model name (members and the ensemble); absent in records older than `kiln report`. */
  readonly reliability?: Readonly<Record<string, readonly ReliabilityBin[]>>;
}

export function ensembleCharts(record: EnsembleRecord): Chart[] {
  const charts = [membersVsEnsembleChart(record)];
  if (record.reliability) charts.push(reliabilityChart(record.reliability));
  charts.push(disagreementChart(record));
  if (record.state.weights) charts.push(weightsChart(record));
  return charts;
}

const metricNames = [
  ['accuracy', 'accuracy'],
  ['loss', 'log loss'],
  ['expectedCalibrationError', 'ECE'],
] as const;

/** Test accuracy, log loss and ECE of each member and of the ensemble, one panel per metric. */
export function membersVsEnsembleChart(record: EnsembleRecord): Chart {
  const models = [
    ...record.members.map((member) => ({ ...member, role: 'member' })),
    { ...record.ensemble, role: 'ensemble' },
  ];
  const values = models.flatMap((model) =>
    metricNames.map(([key, metric]) => ({ model: model.name, role: model.role, metric, value: model.test[key] })),
  );
  return {
    name: 'members-vs-ensemble',
    title: 'Members vs ensemble (test set)',
    spec: {
      ...chartDefaults,
      data: { values },
      facet: { column: { field: 'metric', type: 'nominal', title: null, sort: metricNames.map(([, name]) => name) } },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 220,
        mark: 'bar',
        encoding: {
          y: { field: 'model', type: 'nominal', sort: null, title: null },
          x: { field: 'value', type: 'quantitative', title: null },
          color: {
            field: 'role',
            type: 'nominal',
            scale: { domain: ['member', 'ensemble'], range: ['#9ecae1', '#d62728'] },
          },
          tooltip: [{ field: 'model' }, { field: 'metric' }, { field: 'value', format: '.4f' }],
        },
      },
    },
  };
}

/** Accuracy against confidence per bin; a calibrated model follows the diagonal. */
export function reliabilityChart(reliability: Readonly<Record<string, readonly ReliabilityBin[]>>): Chart {
  const values = Object.entries(reliability).flatMap(([model, bins]) => bins.map((bin) => ({ model, ...bin })));
  return {
    name: 'reliability',
    title: 'Reliability diagram (test set)',
    spec: {
      ...chartDefaults,
      width: 360,
      height: 360,
      layer: [
        {
          data: { values: [{ x: 0 }, { x: 1 }] },
          mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'x', type: 'quantitative' } },
        },
        {
          data: { values },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'confidence', type: 'quantitative', scale: { domain: [0, 1] }, title: 'confidence' },
            y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, title: 'accuracy' },
            color: { field: 'model', type: 'nominal' },
            tooltip: [
              { field: 'model' },
              { field: 'count' },
              { field: 'confidence', format: '.3f' },
              { field: 'accuracy', format: '.3f' },
            ],
          },
        },
      ],
    },
  };
}

/** Fraction of test images on which each pair of members predicts different classes. */
export function disagreementChart(record: EnsembleRecord): Chart {
  const names = record.members.map((member) => member.name);
  const values = record.diversity.disagreementMatrix.flatMap((row, i) =>
    row.map((disagreement, j) => ({ a: names[i] ?? String(i), b: names[j] ?? String(j), disagreement })),
  );
  return {
    name: 'disagreement',
    title: 'Pairwise disagreement of the members (test set)',
    spec: {
      ...chartDefaults,
      data: { values },
      width: 60 * names.length + 60,
      height: 60 * names.length + 60,
      encoding: {
        x: { field: 'b', type: 'nominal', sort: names, title: null },
        y: { field: 'a', type: 'nominal', sort: names, title: null },
      },
      layer: [
        {
          mark: 'rect',
          encoding: { color: { field: 'disagreement', type: 'quantitative', scale: { scheme: 'oranges' } } },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: { text: { field: 'disagreement', type: 'quantitative', format: '.3f' } },
        },
      ],
    },
  };
}

/** The fitted weight of each member; for ensemble selection also how many rounds chose it. */
export function weightsChart(record: EnsembleRecord): Chart {
  const { weights = [], rounds } = record.state;
  const values = record.members.map((member, index) => ({
    model: member.name,
    weight: weights[index] ?? 0,
    ...(rounds === undefined ? {} : { selections: Math.round((weights[index] ?? 0) * rounds) }),
  }));
  return {
    name: 'weights',
    title: rounds === undefined ? 'Member weights' : `Member weights (selection counts over ${rounds} rounds)`,
    spec: {
      ...chartDefaults,
      data: { values },
      width: 360,
      encoding: { y: { field: 'model', type: 'nominal', sort: null, title: null } },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'weight', type: 'quantitative' } } },
        ...(rounds === undefined
          ? []
          : [
              {
                mark: { type: 'text' as const, align: 'left' as const, dx: 4 },
                encoding: {
                  x: { field: 'weight', type: 'quantitative' as const },
                  text: { field: 'selections', type: 'quantitative' as const },
                },
              },
            ]),
      ],
    },
  };
}
