import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SuccessiveHalvingPruner } from '../../../src/tuning/index.js';
import { fakeStudy, type TrialSketch } from './fakeStudy.js';

describe('SuccessiveHalvingPruner', () => {
  // Rung r is reached at step minResource * reductionFactor^r: steps 1, 2, 4, ...
  const pruner = () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });

  test('below the first rung nothing is pruned', async () => {
    const study = fakeStudy([{ state: 'RUNNING', reports: { 0: 99 } }]);
    assert.equal(await pruner().prune(study, study.trial(0)), false);
  });

  test('at a rung, a trial outside the top 1/reductionFactor is pruned and its value recorded', async () => {
    const others = [0.1, 0.2, 0.3].map((v) => ({ systemAttrs: { completedRung0: v } }));
    const study = fakeStudy([...others, { state: 'RUNNING', reports: { 1: 0.25 } }]);
    // Competing at rung 0: 0.1, 0.2, 0.3 and 0.25; the best 4/2 = 2 go on: 0.1 and 0.2.
    assert.equal(await pruner().prune(study, study.trial(3)), true);
    assert.equal(study.trial(3).systemAttrs.completedRung0, 0.25);
  });

  test('a trial in the top fraction is promoted, and climbs every rung it has reached with its latest value', async () => {
    const others: TrialSketch[] = [
      { systemAttrs: { completedRung0: 0.1, completedRung1: 0.05 } },
      { systemAttrs: { completedRung0: 0.2 } },
      { systemAttrs: { completedRung0: 0.3 } },
    ];
    const study = fakeStudy([...others, { state: 'RUNNING', reports: { 1: 0.15, 2: 0.04 } }]);
    assert.equal(await pruner().prune(study, study.trial(3)), false);
    assert.equal(
      study.trial(3).systemAttrs.completedRung0,
      0.04,
      'as Optuna, every rung records the value at the last step',
    );
    assert.equal(study.trial(3).systemAttrs.completedRung1, 0.04, 'promoted at rung 1: 0.04 beats 0.05');
    assert.equal(study.trial(3).systemAttrs.completedRung2, undefined, 'rung 2 is at step 4');
  });

  test('the rung count comes from the recorded rungs, so a promoted trial is judged at the next one', async () => {
    const others: TrialSketch[] = [
      { systemAttrs: { completedRung0: 0.1, completedRung1: 0.01 } },
      { systemAttrs: { completedRung0: 0.2 } },
    ];
    const study = fakeStudy([
      ...others,
      { state: 'RUNNING', reports: { 1: 0.05, 2: 0.5 }, systemAttrs: { completedRung0: 0.05 } },
    ]);
    // Already past rung 0; at rung 1 it meets 0.01 and loses (the best 2/2 - 1 -> 1 goes on).
    assert.equal(await pruner().prune(study, study.trial(2)), true);
  });

  test("minResource 'auto' waits for a COMPLETE trial, then takes 1% of its steps", async () => {
    const auto = new SuccessiveHalvingPruner({ reductionFactor: 2 });
    const early = fakeStudy([{ state: 'RUNNING', reports: { 5: 1 } }]);
    assert.equal(await auto.prune(early, early.trial(0)), false);
    const study = fakeStudy([
      { reports: { 400: 0.1 } },
      { state: 'RUNNING', reports: { 3: 9 } },
      { state: 'RUNNING', reports: { 4: 9 } },
    ]);
    assert.equal(await auto.prune(study, study.trial(1)), false, 'min resource 4: step 3 is before rung 0');
    assert.equal(await auto.prune(study, study.trial(2)), false, 'alone at rung 0, so it goes on');
    assert.equal(study.trial(2).systemAttrs.completedRung0, 9);
  });

  test('maximize keeps the largest values', async () => {
    const others = [0.1, 0.2, 0.3].map((v) => ({ systemAttrs: { completedRung0: v } }));
    const study = fakeStudy([...others, { state: 'RUNNING', reports: { 1: 0.25 } }], 'maximize');
    assert.equal(await pruner().prune(study, study.trial(3)), false);
  });
});
