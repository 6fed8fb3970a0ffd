import type * as tfl from '@tensorflow/tfjs-layers';

/** Keras 2's column widths for a Sequential summary (line_length 65, positions .45, .85, 1). */
const kerasWidths = [29, 26, 10] as const;

/**
 * The text Keras 2's `model.summary()` prints for `model`: the same layout, layer names and
 * parameter counts, except that wide cells widen their column instead of being cut off.
 */
export function modelSummary(model: tfl.LayersModel): string {
  const rows = model.layers.map((layer) => [
    `${layer.name} (${layer.getClassName()})`,
    formatShape(layer.outputShape),
    String(layer.countParams()),
  ]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = kerasWidths.map((minimum, column) =>
    Math.max(minimum, ...[header, ...rows].map((cells) => cells[column].length + 1)),
  );
  const lineLength = widths.reduce((sum, width) => sum + width, 0);
  const formatRow = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('')
      .trimEnd();
  const trainable = countWeights(model.trainableWeights);
  const nonTrainable = countWeights(model.nonTrainableWeights);
  const lines = [
    `Model: "${model.name}"`,
    '_'.repeat(lineLength),
    formatRow(header),
    '='.repeat(lineLength),
    ...rows.flatMap((cells, index) => [formatRow(cells), (index === rows.length - 1 ? '=' : '_').repeat(lineLength)]),
    `Total params: ${formatCount(trainable + nonTrainable)}`,
    `Trainable params: ${formatCount(trainable)}`,
    `Non-trainable params: ${formatCount(nonTrainable)}`,
    '_'.repeat(lineLength),
  ];
  return `${lines.join('\n')}\n`;
}

/** Total number of scalars in `weights` (weights' shapes are fully known: no nulls). */
function countWeights(weights: tfl.LayersModel['weights']): number {
  return weights.reduce(
    (sum, weight) => sum + weight.shape.reduce<number>((product, dim) => product * (dim ?? 0), 1),
    0,
  );
}

/** `1,626,442`, as Keras prints totals. */
function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Keras' `(None, 30, 30, 32)` for tfjs' `[null, 30, 30, 32]`. */
function formatShape(shape: tfl.Shape | tfl.Shape[]): string {
  const one = (dims: tfl.Shape): string => `(${dims.map((dim) => (dim === null ? 'None' : String(dim))).join(', ')})`;
  return Array.isArray(shape[0]) ? (shape as tfl.Shape[]).map(one).join(', ') : one(shape as tfl.Shape);
}
