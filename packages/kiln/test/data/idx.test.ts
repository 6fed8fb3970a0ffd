import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatasetError } from '../../src/data/datasetError.js';
import { parseIdx } from '../../src/data/idx.js';
import { idxFile } from './fixtures.js';

describe('parseIdx', () => {
  it('reads the shape from the header and returns the bytes after it', () => {
    const parsed = parseIdx(
      idxFile([2, 3, 2], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])),
      3,
      'x.idx',
      'r',
    );
    assert.deepEqual(parsed.shape, [2, 3, 2]);
    assert.deepEqual([...parsed.data], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.ok(!Buffer.isBuffer(parsed.data), 'a plain Uint8Array, so slice() copies');
  });

  it('rejects a wrong magic number, naming the file and both numbers', () => {
    assert.throws(
      () => parseIdx(idxFile([3], Uint8Array.from([1, 2, 3]), 0x0803), 1, 'labels.idx', 'Pass a valid copy'),
      (error: unknown) =>
        error instanceof DatasetError &&
        error.file === 'labels.idx' &&
        error.message ===
          'labels.idx: has IDX magic number 0x00000803, expected 0x00000801 (unsigned bytes, rank 1). Pass a valid copy',
    );
  });

  it('rejects a non-byte element type', () => {
    assert.throws(
      () => parseIdx(idxFile([3], Uint8Array.from([1, 2, 3]), 0x0d01), 1, 'floats.idx', 'r'),
      /magic number 0x00000d01/,
    );
  });

  it('rejects data shorter or longer than the shape says', () => {
    assert.throws(
      () => parseIdx(idxFile([2, 2], Uint8Array.from([1, 2, 3])), 2, 'a.idx', 'r'),
      /holds 3 data bytes, but its shape \[2, 2\] needs 4/,
    );
    assert.throws(() => parseIdx(idxFile([2, 2], new Uint8Array(5)), 2, 'a.idx', 'r'), /holds 5 data bytes/);
  });

  it('rejects a file too short for its header', () => {
    assert.throws(
      () => parseIdx(Uint8Array.from([0, 0, 8]), 3, 'tiny.idx', 'r'),
      /3 bytes, too short for an IDX header/,
    );
  });
});
