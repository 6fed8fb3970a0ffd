import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStudy, MedianPruner, PercentilePruner, RandomSampler, TrialPruned } from '../../../src/tuning/index.js';
import { fakeStudy, type TrialSketch } from './fakeStudy.js';

// Five finished trials whose values at step 1 are 1..5 (median 3) and at step 2 are 10..50.
const finished: TrialSketch[] = [1, 2, 3, 4, 5].map((v) => ({ reports: { 0: 100, 1: v, 2: v * 10 } }));

function running(reports: Record<number, number>, direction: 'minimize' | 'maximize' = 'minimize', others = finished) {
  const study = fakeStudy([...others, { state: 'RUNNING', reports }], direction);
  return { study, trial: study.trial(others.length) };
}

describe('MedianPruner', () => {
  test('prunes a trial worse than the median at its step, keeps one better', async () => {
    const pruner = new MedianPruner();
    const worse = running({ 0: 100, 1: 3.5 });
    assert.equal(await pruner.prune(worse.study, worse.trial), true);
    const better = running({ 0: 100, 1: 2.5 });
    assert.equal(await pruner.prune(better.study, better.trial), false);
  });

  test('judges by the best value the trial reported so far', async () => {
    const pruner = new MedianPruner();
    // 4.0 at step 1 is worse than the median 3, but the trial already reached 2.0 at step 0.
    const { study, trial } = running({ 0: 2, 1: 4 });
    assert.equal(await pruner.prune(study, trial), false);
  });

  test('maximize flips the comparison', async () => {
    const pruner = new MedianPruner();
    const low = running({ 0: 0, 1: 2.5 }, 'maximize');
    assert.equal(await pruner.prune(low.study, low.trial), true);
    const high = running({ 0: 0, 1: 3.5 }, 'maximize');
    assert.equal(await pruner.prune(high.study, high.trial), false);
  });

  test('no pruning during start-up trials, warm-up steps, off-interval steps, or with too few trials at the step', async () => {
    const worse = { 0: 100, 1: 9 };
    const few = running(worse, 'minimize', finished.slice(0, 2));
    assert.equal(await new MedianPruner({ nStartupTrials: 3 }).prune(few.study, few.trial), false);
    const { study, trial } = running(worse);
    assert.equal(await new MedianPruner({ nWarmupSteps: 2 }).prune(study, trial), false);
    assert.equal(
      await new MedianPruner({ intervalSteps: 2 }).prune(study, trial),
      false,
      'step 1 is between pruning steps 0 and 2',
    );
    assert.equal(await new MedianPruner({ nMinTrials: 6 }).prune(study, trial), false);
    assert.equal(await new MedianPruner({ nMinTrials: 5 }).prune(study, trial), true);
  });

  test('a trial whose reports are all NaN is pruned', async () => {
    const { study, trial } = running({ 0: NaN, 1: NaN });
    assert.equal(await new MedianPruner().prune(study, trial), true);
  });

  test('in a study, trials whose curves lag behind the median are pruned', async () => {
    const study = await createStudy({
      sampler: new RandomSampler({ seed: 1 }),
      pruner: new MedianPruner({ nStartupTrials: 3 }),
    });
    await study.optimize(
      async (trial) => {
        const offset = await trial.suggestFloat('offset', 0, 1);
        for (let step = 0; step < 5; step++) {
          await trial.report(offset + 1 / (step + 1), step);
          if (await trial.shouldPrune()) throw new TrialPruned();
        }
        return offset;
      },
      { nTrials: 20 },
    );
    const pruned = study.trials.filter((t) => t.state === 'PRUNED');
    assert.ok(pruned.length >= 3, `${pruned.length} pruned`);
    const worstKept = Math.min(...pruned.map((t) => t.params.offset as number));
    assert.ok(worstKept > study.bestValue, 'every pruned trial was worse than the best');
  });
});

describe('PercentilePruner', () => {
  test('the 25th percentile prunes more than the median', async () => {
    const { study, trial } = running({ 0: 100, 1: 2.5 });
    assert.equal(await new PercentilePruner(25).prune(study, trial), true, '25th percentile of 1..5 is 2');
    assert.equal(await new PercentilePruner(50).prune(study, trial), false);
    assert.throws(() => new PercentilePruner(120), /percentile must be in \[0, 100\]/);
  });
});
