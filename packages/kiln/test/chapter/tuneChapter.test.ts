import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shareTrials } from '../../src/chapter/tuneChapter.js';

describe('shareTrials', () => {
  test('shares the remaining trials evenly, the first workers taking the remainder', () => {
    assert.deepEqual(shareTrials(8, 3), [3, 3, 2]);
    assert.deepEqual(shareTrials(4, 2), [2, 2]);
  });

  test('gives idle workers nothing when there are fewer trials than workers, or none left', () => {
    assert.deepEqual(shareTrials(1, 3), [1, 0, 0]);
    assert.deepEqual(shareTrials(0, 2), [0, 0]);
  });
});
