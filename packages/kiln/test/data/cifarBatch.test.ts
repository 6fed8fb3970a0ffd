import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cifarRecordBytes, decodeCifarBatch } from '../../src/data/cifarBatch.js';
import { DatasetError } from '../../src/data/datasetError.js';
import { cifarBatch, cifarPixel } from './fixtures.js';

const expected = { records: 3, numClasses: 10 };

function buffers(count: number) {
  return { images: new Uint8Array(count * 3072), labels: new Uint8Array(count) };
}

describe('decodeCifarBatch', () => {
  it('converts planar RGB records to NHWC pixels and copies the labels', () => {
    const into = buffers(3);
    decodeCifarBatch(cifarBatch([3, 0, 9]), into, 0, expected, 'batch.bin', 'fix it');
    assert.deepEqual([...into.labels], [3, 0, 9]);
    for (const [record, row, column] of [
      [0, 0, 0],
      [1, 5, 17],
      [2, 31, 31],
    ] as const) {
      const pixel = row * 32 + column;
      const at = record * 3072 + pixel * 3;
      assert.deepEqual(
        [...into.images.subarray(at, at + 3)],
        [0, 1, 2].map((channel) => cifarPixel(record, channel, pixel)),
        `record ${record} pixel (${row}, ${column})`,
      );
    }
  });

  it('writes from the given image on, leaving earlier images alone', () => {
    const into = buffers(6);
    decodeCifarBatch(cifarBatch([1, 2, 3]), into, 3, expected, 'batch.bin', 'fix it');
    assert.deepEqual([...into.labels], [0, 0, 0, 1, 2, 3]);
    assert.equal(
      into.images.subarray(0, 3 * 3072).some((value) => value !== 0),
      false,
    );
    assert.equal(into.images[3 * 3072], cifarPixel(0, 0, 0));
  });

  it('rejects a size that is not a whole number of records, naming the file and the remedy', () => {
    const cut = cifarBatch([1, 2, 3]).subarray(0, 3 * cifarRecordBytes - 5);
    assert.throws(
      () => decodeCifarBatch(cut, buffers(3), 0, expected, 'data_batch_2.bin', 'Delete it and run again'),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.file === 'data_batch_2.bin' &&
        /not a whole number of 3073-byte records/.test(error.message) &&
        error.message.endsWith('Delete it and run again'),
    );
  });

  it('rejects a batch with the wrong number of records', () => {
    assert.throws(
      () => decodeCifarBatch(cifarBatch([1, 2]), buffers(3), 0, expected, 'b.bin', 'r'),
      /holds 2 records, expected 3/,
    );
  });

  it('rejects a label outside 0..9, saying which record', () => {
    assert.throws(
      () => decodeCifarBatch(cifarBatch([1, 10, 2]), buffers(3), 0, expected, 'b.bin', 'r'),
      /record 1 has label 10, outside 0\.\.9/,
    );
  });
});
