import { createHash } from 'node:crypto';
import { isImageSet } from './examples.js';
import type { Dataset, Examples } from './types.js';

/**
 * A short hash of what a dataset holds (examples, targets, classes, task), recorded with a run so
 * that a model's provenance can be checked: the same data gives the same fingerprint.
 */
export function datasetFingerprint(dataset: Dataset): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ classNames: dataset.classNames, task: dataset.task ?? 'classification' }));
  for (const set of [dataset.train, dataset.test]) for (const part of partsOf(set)) hash.update(part);
  return `sha256:${hash.digest('hex').slice(0, 16)}`;
}

function partsOf(set: Examples): Uint8Array[] {
  const bytes = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (isImageSet(set))
    return [bytes(new Uint32Array([set.count, set.height, set.width, set.channels])), set.images, set.labels];
  return [
    bytes(new Uint32Array([set.count, set.featureCount])),
    bytes(set.features),
    bytes(set.labels),
    bytes(set.values),
  ];
}
