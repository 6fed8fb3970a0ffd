import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createStudy,
  defaultGamma,
  defaultWeights,
  linearGamma,
  RandomSampler,
  TPESampler,
  type Sampler,
  type TPESamplerOptions,
  type Trial,
} from '../../../../src/tuning/index.js';

async function bestOf(
  sampler: Sampler,
  objective: (trial: Trial) => Promise<number>,
  nTrials: number,
): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize(objective, { nTrials });
  return study.bestValue;
}

const quadratic = async (trial: Trial) => ((await trial.suggestFloat('x', -10, 10)) - 0.3) ** 2;
// A conditional space: model a has parameters u and v (best 1), model b only w (best 0).
async function twoBranches(trial: Trial): Promise<number> {
  const model = await trial.suggestCategorical('model', ['a', 'b']);
  if (model === 'a')
    return 1 + ((await trial.suggestFloat('u', -5, 5)) - 1) ** 2 + (await trial.suggestFloat('v', -5, 5)) ** 2;
  return ((await trial.suggestFloat('w', -5, 5)) + 2) ** 2;
}

const digit = { type: 'categorical', choices: [...'0123456789'] } as const;
/**
 * 40 proposals ("ab") of a sampler that always sees the same sixteen trials of two digits a and b:
 * two good ones (the best 12.5%), (0, 0) and (9, 9) with the given values, and fourteen at (5, 5)
 * with value 1. One candidate a trial, so every proposal is a draw of the kind under test; no prior,
 * almost no smoothing.
 */
async function digitProposals(options: TPESamplerOptions, goodValues: readonly [number, number]): Promise<string[]> {
  const sampler = new TPESampler({ ...options, nEiCandidates: 1, considerPrior: false, categoricalPriorWeight: 1e-6 });
  const study = await createStudy({ sampler });
  for (const [a, b, value] of [['0', '0', goodValues[0]], ['9', '9', goodValues[1]], ...Array(14).fill(['5', '5', 1])])
    await study.addTrial({ params: { a, b }, distributions: { a: digit, b: digit }, value });
  const proposals: string[] = [];
  for (let i = 0; i < 40; i++) {
    const trial = await study.ask();
    proposals.push(
      (await trial.suggestCategorical('a', digit.choices)) + (await trial.suggestCategorical('b', digit.choices)),
    );
    await study.tell(trial, 'FAIL'); // failed trials teach TPE nothing
  }
  return proposals;
}

describe('TPESampler', () => {
  test("the default gamma takes the best 12.5% (at most 25), linearGamma(0.1) is Optuna's, and the weights are Optuna 3.x ones", () => {
    assert.deepEqual([8, 9, 60, 100, 1000].map(defaultGamma), [1, 2, 8, 13, 25]);
    const optunaGamma = linearGamma(0.1);
    assert.deepEqual([9, 60, 101, 1000].map(optunaGamma), [1, 6, 11, 25]);
    assert.equal(linearGamma(0.5, 10)(100), 10);
    assert.throws(() => linearGamma(0), /fraction must be in \(0, 1\], got 0/);
    assert.throws(() => linearGamma(1.5), /got 1.5/);
    assert.deepEqual(defaultWeights(3), [1, 1, 1]);
    const ramped = defaultWeights(30);
    assert.equal(ramped.length, 30);
    assert.ok(Math.abs(ramped[0]! - 1 / 30) < 1e-12);
    assert.ok(
      ramped.slice(0, 5).every((w, i, all) => i === 0 || w > all[i - 1]!),
      'old trials ramp up',
    );
    assert.deepEqual(ramped.slice(5), new Array(25).fill(1));
  });

  test('finds the minimum of a 1-D quadratic far better than random search in 50 trials', async () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // Best values spread over decades, so compare their geometric means.
    const meanLog10 = async (sampler: (seed: number) => Sampler) => {
      const bests = await Promise.all(seeds.map((seed) => bestOf(sampler(seed), quadratic, 50)));
      return bests.reduce((sum, best) => sum + Math.log10(best), 0) / seeds.length;
    };
    const tpe = await meanLog10((seed) => new TPESampler({ seed }));
    const random = await meanLog10((seed) => new RandomSampler({ seed }));
    assert.ok(
      tpe < random - Math.log10(4),
      `TPE 10^${tpe.toFixed(2)} vs random 10^${random.toFixed(2)}: not 4x closer`,
    );
  });

  test('the same seed gives the same trials, in bounds for every kind of parameter', async () => {
    const run = async (options: ConstructorParameters<typeof TPESampler>[0]) => {
      const study = await createStudy({ sampler: new TPESampler(options) });
      await study.optimize(
        async (trial) => {
          const x = await trial.suggestFloat('x', -3, 3);
          const lr = await trial.suggestFloat('lr', 1e-5, 1, { log: true });
          const q = await trial.suggestFloat('q', 0, 1, { step: 0.1 });
          const n = await trial.suggestInt('n', 1, 64, { log: true });
          const k = await trial.suggestInt('k', -10, 10, { step: 5 });
          const c = await trial.suggestCategorical('c', ['relu', 'tanh', 'gelu']);
          return x ** 2 + Math.abs(Math.log10(lr) + 3) + q + n / 64 + Math.abs(k) / 10 + (c === 'gelu' ? 0 : 1);
        },
        { nTrials: 40 },
      );
      for (const { params: p } of study.trials) {
        assert.ok((p.x as number) >= -3 && (p.x as number) <= 3);
        assert.ok((p.lr as number) >= 1e-5 && (p.lr as number) <= 1);
        assert.ok(Math.abs((p.q as number) * 10 - Math.round((p.q as number) * 10)) < 1e-9 && (p.q as number) <= 1);
        assert.ok(Number.isInteger(p.n) && (p.n as number) >= 1 && (p.n as number) <= 64);
        assert.ok([-10, -5, 0, 5, 10].includes(p.k as number), `k=${p.k}`);
      }
      return study.trials.map((t) => t.params);
    };
    for (const options of [{ seed: 11 }, { seed: 11, multivariate: false }, { seed: 11, group: true }]) {
      assert.deepEqual(await run(options), await run(options), JSON.stringify(options));
    }
    assert.notDeepEqual(await run({ seed: 11 }), await run({ seed: 12 }));
  });

  test('with the constant liar, concurrently running trials propose points further apart', async () => {
    const spread = async (constantLiar: boolean) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 3, constantLiar }) });
      await study.optimize(quadratic, { nTrials: 30 });
      // Eight workers ask before any of them reaches its suggestion (x is sampled jointly, at ask).
      const trials = [];
      for (let i = 0; i < 8; i++) trials.push(await study.ask());
      const xs: number[] = [];
      for (const trial of trials) xs.push(await trial.suggestFloat('x', -10, 10));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    };
    const withLiar = await spread(true);
    const without = await spread(false);
    assert.ok(withLiar > 2 * without, `spread ${withLiar} with the liar vs ${without} without`);
  });

  test('group decomposition samples each branch of a conditional space and converges in both', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 5, multivariate: true, group: true }) });
    await study.optimize(twoBranches, { nTrials: 60 });
    assert.equal(study.bestParams.model, 'b');
    assert.ok(study.bestValue < 0.05, `best ${study.bestValue}`);
  });

  test("a branch's parameter is modelled from that branch's trials once the study is past start-up, however few they are", async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 4, nStartupTrials: 10 }) });
    const model = { type: 'categorical', choices: ['a', 'b'] } as const;
    const unit = { type: 'float', low: 0, high: 1, log: false } as const;
    // Seven trials of branch a (x), three of branch b (y): y's best value is at 0.2, its bad ones far from it.
    for (let i = 0; i < 7; i++)
      await study.addTrial({ params: { model: 'a', x: i / 7 }, distributions: { model, x: unit }, value: 1 + i });
    for (const [y, value] of [
      [0.2, 0],
      [0.8, 5],
      [0.9, 6],
    ])
      await study.addTrial({ params: { model: 'b', y }, distributions: { model, y: unit }, value });
    const ys: number[] = [];
    for (let i = 0; i < 40; i++) {
      const trial = await study.ask();
      ys.push(await trial.suggestFloat('y', 0, 1));
      await study.tell(trial, 'FAIL'); // failed trials teach TPE nothing, so every draw sees the same ten
    }
    const near = ys.filter((y) => Math.abs(y - 0.2) < 0.15).length;
    assert.ok(near > 24, `${near} of 40 draws of y near its good value (random search: about 12)`);
  });

  for (const group of [false, true]) {
    test(`recombination${group ? ' with group' : ''} samples only the parameters of the branch a trial takes, and converges`, async () => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 6, recombination: 1, group }) });
      const branchParams = { a: ['model', 'u', 'v'], b: ['model', 'w'] };
      await study.optimize(twoBranches, { nTrials: 60 });
      for (const trial of study.trials)
        assert.deepEqual(Object.keys(trial.params).sort(), branchParams[trial.params.model as 'a' | 'b']);
      assert.ok(study.bestValue < 0.1, `best ${study.bestValue}`);
    });
  }

  test("with recombination (by default, of the categoricals), proposals combine different good trials' values; without it, they copy one good trial's", async () => {
    /** How many of 40 proposals take a from one good trial and b from the other. */
    const mixedProposals = async (recombination: TPESamplerOptions): Promise<number> =>
      (await digitProposals({ seed: 9, ...recombination }, [0, 0])).filter((ab) => ab === '09' || ab === '90').length;
    assert.equal(await mixedProposals({ recombination: 0 }), 0);
    for (const options of [{}, { recombination: 1, recombinedParameters: 'all' }] as const) {
      const recombined = await mixedProposals(options);
      assert.ok(
        recombined >= 10,
        `${JSON.stringify(options)}: ${recombined} of 40 proposals combine the two good trials (expected about 20)`,
      );
    }
  });

  test('by default TPE recombines categoricals only, so a study without categoricals gets the same trials as with no recombination', async () => {
    const bowl = async (trial: Trial): Promise<number> =>
      ((await trial.suggestFloat('x', -5, 5)) - 1) ** 2 + ((await trial.suggestInt('n', 0, 20)) - 7) ** 2;
    const trialsOf = async (options: TPESamplerOptions): Promise<unknown[]> => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 8, ...options }) });
      await study.optimize(bowl, { nTrials: 30 });
      return study.trials.map((trial) => trial.params);
    };
    const unrecombined = await trialsOf({ recombination: 0 });
    assert.deepEqual(await trialsOf({}), unrecombined);
    assert.deepEqual(await trialsOf({ recombination: 0.5, recombinedParameters: 'categorical' }), unrecombined);
    assert.notDeepEqual(await trialsOf({ recombination: 1, recombinedParameters: 'all' }), unrecombined);
  });

  test('EI weights: a joint model draws from a good trial as often as its value beats the threshold; a one-parameter study is unchanged', async () => {
    /** How many of 40 proposals copy the best trial rather than the barely good one (no recombination: a proposal copies one good trial). */
    const copiesOfBest = async (eiWeights: boolean): Promise<number> =>
      // The good trials improve on the threshold, the best trial left out (1), by 1 and by 0.1.
      (await digitProposals({ seed: 11, eiWeights, recombination: 0 }, [0, 0.9])).filter((ab) => ab === '00').length;
    const [weighted, unweighted] = [await copiesOfBest(true), await copiesOfBest(false)];
    assert.ok(weighted >= 32, `with EI weights ${weighted} of 40 copy the best trial (expected about 36)`);
    assert.ok(unweighted <= 28, `without, ${unweighted} of 40 (expected about 20)`);

    const trialsOf = async (eiWeights: boolean): Promise<unknown[]> => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 3, eiWeights }) });
      await study.optimize(quadratic, { nTrials: 30 });
      return study.trials.map((trial) => trial.params);
    };
    assert.deepEqual(await trialsOf(true), await trialsOf(false));
  });

  test('a recombination share outside [0, 1] is refused with what was received', () => {
    for (const recombination of [-0.1, 1.5, Number.NaN])
      assert.throws(() => new TPESampler({ recombination }), /recombination must be a share in \[0, 1\], got/);
    assert.throws(
      () => new TPESampler({ recombinedParameters: 'numeric' as 'all' }),
      /recombinedParameters must be 'all' or 'categorical', got numeric/,
    );
  });

  test('group without multivariate is refused', () => {
    assert.throws(() => new TPESampler({ group: true, multivariate: false }), /group needs multivariate: true/);
  });
});
