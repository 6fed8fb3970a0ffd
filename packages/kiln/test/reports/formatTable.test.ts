import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable } from '../../src/reports/index.js';

test('formatTable pads columns to their widest cell, right-aligns numbers and rules the header', () => {
  const text = formatTable(
    [{ header: 'model' }, { header: 'acc', align: 'right' }],
    [
      ['separable', '0.55'],
      ['regular-adadelta', '0.6512'],
    ],
  );
  assert.equal(
    text,
    [
      'model                acc',
      '----------------  ------',
      'separable           0.55',
      'regular-adadelta  0.6512',
      '',
    ].join('\n'),
  );
});
