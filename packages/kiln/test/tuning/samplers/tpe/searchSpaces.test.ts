import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution, ParamValue } from '../../../../src/tuning/distributions.js';
import {
  groupDecomposedSearchSpace,
  intersectionSearchSpace,
} from '../../../../src/tuning/samplers/tpe/searchSpaces.js';
import { frozenTrial } from '../../frozenTrialFixture.js';

const unit: Distribution = { type: 'float', low: 0, high: 1, log: false };
const wide: Distribution = { type: 'float', low: 0, high: 2, log: false };
const colours: Distribution = { type: 'categorical', choices: ['red', 'green'] };
const fixed: Distribution = { type: 'int', low: 3, high: 3, log: false, step: 1 };

const sampled = (number: number, distributions: Record<string, Distribution>) =>
  frozenTrial({
    number,
    state: 'COMPLETE',
    value: 0,
    distributions,
    params: Object.fromEntries(
      Object.entries(distributions).map(([name, d]): [string, ParamValue] => [
        name,
        d.type === 'categorical' ? d.choices[0]! : d.low,
      ]),
    ),
  });

describe('TPE search spaces', () => {
  test("the intersection keeps, in the first trial's order, what every trial sampled with the same distribution", () => {
    const trials = [
      sampled(0, { b: unit, a: unit, colour: colours, k: fixed, gone: unit }),
      sampled(1, { a: unit, b: unit, colour: colours, k: fixed }),
      sampled(2, { colour: colours, b: unit, a: wide, k: fixed, extra: unit }),
    ];
    // a changed its range, gone and extra are not in every trial, k has one value: nothing to learn.
    assert.deepEqual(Object.keys(intersectionSearchSpace(trials)), ['b', 'colour']);
    assert.deepEqual(intersectionSearchSpace(trials).colour, colours);
    assert.deepEqual(intersectionSearchSpace([]), {});
    assert.deepEqual(Object.keys(intersectionSearchSpace(trials.slice(0, 1))), ['b', 'a', 'colour', 'gone']);
  });

  test('a conditional space decomposes into one group per branch and the parameters every branch shares', () => {
    const trials = [
      sampled(0, { model: colours, lr: unit, c: unit }),
      sampled(1, { model: colours, lr: unit, depth: unit, width: unit }),
      sampled(2, { model: colours, lr: unit, c: unit }),
    ];
    assert.deepEqual(
      groupDecomposedSearchSpace(trials).map((group) => Object.keys(group).sort()),
      [['lr', 'model'], ['c'], ['depth', 'width']],
    );
  });
});
