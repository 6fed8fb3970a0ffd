import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createStudy, HyperbandPruner, TPESampler, TrialPruned } from '../../../src/tuning/index.js';
import { fakeStudy } from './fakeStudy.js';

describe('HyperbandPruner', () => {
  const make = () => new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });

  test('has floor(log3(27)) + 1 = 4 brackets once a trial asks', async () => {
    const pruner = make();
    assert.equal(pruner.nBrackets, null);
    const study = fakeStudy([{ state: 'RUNNING', reports: { 0: 1 } }]);
    await pruner.prune(study, study.trial(0));
    assert.equal(pruner.nBrackets, 4);
  });

  test('assigns brackets by study name and trial number, the same every time, in proportion to their budgets', async () => {
    const first = make();
    const second = make();
    const study = fakeStudy([{ state: 'RUNNING' }]);
    await first.prune(study, study.trial(0));
    await second.prune(study, study.trial(0));
    const ids = Array.from({ length: 4900 }, (_, n) => first.bracketId('fake', n)!);
    assert.deepEqual(
      ids,
      Array.from({ length: 4900 }, (_, n) => second.bracketId('fake', n)),
    );
    // Budgets: ceil(4 * 3^s / (s + 1)) for s = 3, 2, 1, 0 -> 27, 12, 6, 4 of every 49 trials.
    const counts = [0, 1, 2, 3].map((b) => ids.filter((id) => id === b).length);
    [27, 12, 6, 4].forEach((budget, b) =>
      assert.ok(Math.abs(counts[b]! - budget * 100) < budget * 100 * 0.2, `bracket ${b}: ${counts[b]}`),
    );
    assert.notDeepEqual(
      Array.from({ length: 50 }, (_, n) => first.bracketId('other-study', n)),
      ids.slice(0, 50),
      'another study name shuffles the assignment',
    );
  });

  test('the sampler and the rungs see only the trial’s own bracket', async () => {
    const pruner = make();
    const sketches = Array.from({ length: 60 }, () => ({ state: 'COMPLETE' as const, reports: { 26: 1 } }));
    const study = fakeStudy([...sketches, { state: 'RUNNING', reports: { 0: 1 } }]);
    await pruner.prune(study, study.trial(60));
    const own = pruner.bracketId('fake', 60);
    const view = pruner.samplingView(study, study.trial(60));
    const seen = view.getTrials();
    assert.ok(seen.length > 0 && seen.length < 61);
    assert.ok(seen.every((t) => pruner.bracketId('fake', t.number) === own));
  });

  test('within a bracket, the first rung is reductionFactor^bracket steps in', async () => {
    const pruner = make();
    const study = fakeStudy(Array.from({ length: 200 }, () => ({ state: 'RUNNING' as const, reports: { 1: 5 } })));
    await pruner.prune(study, study.trial(0));
    for (let n = 0; n < 200; n++) await pruner.prune(study, study.trial(n));
    for (let n = 0; n < 200; n++) {
      const recorded = 'completedRung0' in study.trial(n).systemAttrs;
      // Step 1 reaches rung 0 only in bracket 0 (rungs at 1, 3, 9); bracket 1 starts at 3, and so on.
      assert.equal(recorded, pruner.bracketId('fake', n) === 0, `trial ${n}`);
    }
  });

  test('in a study, poor learning curves are stopped early and the best trial runs to the end', async () => {
    const study = await createStudy({
      studyName: 'hyperband-study',
      sampler: new TPESampler({ seed: 2 }),
      pruner: new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }),
    });
    await study.optimize(
      async (trial) => {
        const rate = await trial.suggestFloat('rate', 0.01, 1, { log: true });
        let loss = 1;
        for (let step = 0; step < 27; step++) {
          loss *= 1 - rate / 2;
          await trial.report(loss, step);
          if (await trial.shouldPrune()) throw new TrialPruned();
        }
        return loss;
      },
      { nTrials: 40 },
    );
    const pruned = study.trials.filter((t) => t.state === 'PRUNED');
    assert.ok(pruned.length >= 5, `${pruned.length} pruned`);
    assert.ok(
      pruned.every((t) => t.intermediateValues.size < 27),
      'pruned trials stopped before the last step',
    );
    assert.equal(study.bestTrial.intermediateValues.size, 27);
    assert.ok((study.bestParams.rate as number) > 0.5, `best rate ${study.bestParams.rate}`);
  });
});
