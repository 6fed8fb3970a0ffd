import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createStudy,
  hypervolume,
  RandomSampler,
  TPESampler,
  type Distribution,
  type Sampler,
  type Trial,
} from '../../../../src/tuning/index.js';
import {
  goodWeightsByContribution,
  selectByHypervolume,
  splitMultiObjective,
} from '../../../../src/tuning/samplers/tpe/multiObjectiveSplit.js';

describe('multi-objective TPE split', () => {
  test('greedy hypervolume selection picks the point that covers most first', () => {
    // Reference point 1.1 x the worst = (4.4, 4.4): boxes 3.4 x 0.4, 2.4 x 2.4, 0.4 x 3.4.
    assert.deepEqual(
      selectByHypervolume(
        [
          [1, 4],
          [2, 2],
          [4, 1],
        ],
        1,
      ),
      [1],
    );
    assert.deepEqual(
      selectByHypervolume(
        [
          [1, 4],
          [2, 2],
          [4, 1],
        ],
        3,
      ).sort(),
      [0, 1, 2],
    );
  });

  test('good observations weigh their hypervolume contribution over the largest', () => {
    // Reference (3.3, 3.3): the ends add 1 x 0.3 each, the middle point 1 x 1.
    const weights = goodWeightsByContribution([
      [1, 3],
      [2, 2],
      [3, 1],
    ]);
    assert.deepEqual(
      weights.map((w) => Math.round(w * 1e9) / 1e9),
      [0.3, 1, 0.3],
    );
    assert.deepEqual(goodWeightsByContribution([[1, 1]]), [1]);
  });

  test('the good group is filled rank by rank, then by hypervolume within the rank that does not fit', async () => {
    const study = await createStudy({ directions: ['maximize', 'minimize'] });
    const distribution: Distribution = { type: 'float', low: 0, high: 100, log: false };
    // x labels the trial. Front: x=0 (0.9, 90), x=1 (0.5, 10), x=2 (0.7, 50); second rank: x=3 (0.6, 60), x=4 (0.4, 20).
    const results = [
      [0.9, 90],
      [0.5, 10],
      [0.7, 50],
      [0.6, 60],
      [0.4, 20],
      [0.1, 95],
    ];
    for (const [x, values] of results.entries())
      await study.addTrial({ values, params: { x }, distributions: { x: distribution } });
    const view = { ...study, directions: study.directions, getTrials: () => study.trials } as never;
    const splitOf = (nBelow: number) => {
      const [below, above] = splitMultiObjective(view, { x: distribution }, -1, false, () => nBelow).split;
      return [[...below.x!], [...above.x!]];
    };
    assert.deepEqual(splitOf(3), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    assert.deepEqual(splitOf(4)[0]!.length, 4);
    assert.deepEqual(splitOf(0), [[], [0, 1, 2, 3, 4, 5]]);
  });

  test('TPE on a multi-objective study finds a larger ZDT1 hypervolume than random sampling', async () => {
    const zdt1 = async (trial: Trial): Promise<number[]> => {
      const x0 = await trial.suggestFloat('x0', 0, 1);
      const g = 1 + (9 * ((await trial.suggestFloat('x1', 0, 1)) + (await trial.suggestFloat('x2', 0, 1)))) / 2;
      return [x0, g * (1 - Math.sqrt(x0 / g))];
    };
    const volume = async (sampler: Sampler) => {
      const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
      await study.optimize(zdt1, { nTrials: 80 });
      return hypervolume(
        study.bestTrials.map((t) => [...t.values!]),
        [1.1, 11],
      );
    };
    const tpe = await volume(new TPESampler({ seed: 1 }));
    const random = await volume(new RandomSampler({ seed: 1 }));
    assert.ok(tpe > random, `TPE ${tpe} vs random ${random}`);
  });
});
