import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution } from '../../../../src/tuning/distributions.js';
import {
  ParzenEstimator,
  type ParzenEstimatorParameters,
} from '../../../../src/tuning/samplers/tpe/parzenEstimator.js';
import { defaultWeights } from '../../../../src/tuning/samplers/tpe/sampler.js';
import { SeededRandom } from '../../../../src/tuning/seededRandom.js';

const parameters = (multivariate: boolean): ParzenEstimatorParameters => ({
  considerPrior: true,
  priorWeight: 1,
  categoricalPriorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  weights: defaultWeights,
  multivariate,
});

const space: Record<string, Distribution> = {
  units: { type: 'int', low: 16, high: 256, log: true, step: 1 },
  dropout: { type: 'float', low: 0, high: 0.5, log: false, step: 0.1 },
  activation: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
};
const observations = {
  units: Float64Array.from([16, 32, 32, 200]),
  dropout: Float64Array.from([0, 0.1, 0.1, 0.5]),
  activation: Float64Array.from([0, 2, 2, 1]),
};

describe('ParzenEstimator', () => {
  test('a categorical is a mixture of smoothed one-hot kernels: the prior kernel weighs priorWeight, each kernel mixes in categoricalPriorWeight', () => {
    const choices: Record<string, Distribution> = { c: { type: 'categorical', choices: ['a', 'b', 'c'] } };
    const [priorWeight, categoricalPriorWeight] = [2, 0.5];
    const estimator = new ParzenEstimator({ c: Float64Array.from([0, 0, 2]) }, choices, {
      ...parameters(true),
      priorWeight,
      categoricalPriorWeight,
    });
    // Three observation kernels of weight 1 and the prior kernel (uniform) of weight 2; each
    // observation kernel gives its choice 1 + 0.5/4 and the others 0.5/4, over 1 + 3 * 0.5/4.
    const spread = categoricalPriorWeight / 4;
    const kernel = (observed: number, choice: number) => ((observed === choice ? 1 : 0) + spread) / (1 + 3 * spread);
    const expected = [0, 1, 2].map(
      (choice) => (kernel(0, choice) * 2 + kernel(2, choice) + priorWeight / 3) / (3 + priorWeight),
    );
    const logPdf = estimator.logPdf({ c: Float64Array.from([0, 1, 2]) });
    expected.forEach((p, choice) => assert.ok(Math.abs(Math.exp(logPdf[choice]!) - p) < 1e-12, `choice ${choice}`));
  });

  for (const multivariate of [false, true]) {
    test(`${multivariate ? 'joint' : 'independent'}: the probabilities of all stepped and categorical values sum to 1`, () => {
      const estimator = new ParzenEstimator(observations, space, parameters(multivariate));
      const combos = { units: [] as number[], dropout: [] as number[], activation: [] as number[] };
      for (let units = 16; units <= 256; units++) {
        for (const dropout of [0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5]) {
          for (const activation of [0, 1, 2]) {
            combos.units.push(units);
            combos.dropout.push(dropout);
            combos.activation.push(activation);
          }
        }
      }
      const logP = estimator.logPdf({
        units: Float64Array.from(combos.units),
        dropout: Float64Array.from(combos.dropout),
        activation: Float64Array.from(combos.activation),
      });
      const total = logP.reduce((sum, lp) => sum + Math.exp(lp), 0);
      assert.ok(Math.abs(total - 1) < 1e-6, `total probability ${total}`);
    });
  }

  test('samples stay on the grid and in bounds, and favour the observed region', () => {
    const estimator = new ParzenEstimator(observations, space, parameters(true));
    const samples = estimator.sample(new SeededRandom(1), 2000);
    for (let i = 0; i < 2000; i++) {
      const units = samples.units![i]!;
      const dropout = samples.dropout![i]!;
      assert.ok(Number.isInteger(units) && units >= 16 && units <= 256);
      assert.ok(dropout >= 0 && dropout <= 0.5 && Math.abs(dropout * 10 - Math.round(dropout * 10)) < 1e-9);
      assert.ok([0, 1, 2].includes(samples.activation![i]!));
    }
    const gelu = samples.activation!.filter((a) => a === 2).length;
    assert.ok(gelu > 2000 / 3, `gelu, observed twice of four, drawn ${gelu} times of 2000`);
  });

  test('recombined draws take each parameter from its own kernel, so they combine different observations; joint draws never do', () => {
    // Two observations at opposite corners of a 2 x 10-choice space, and almost no smoothing.
    const corners: Record<string, Distribution> = {
      a: { type: 'categorical', choices: [...'0123456789'] },
      b: { type: 'categorical', choices: [...'0123456789'] },
    };
    const estimator = new ParzenEstimator({ a: Float64Array.from([0, 9]), b: Float64Array.from([0, 9]) }, corners, {
      ...parameters(true),
      considerPrior: false,
      categoricalPriorWeight: 1e-6,
    });
    /** How many of the draws pair one corner's a with the other corner's b. */
    const mixedPairs = (samples: Record<string, Float64Array>, from: number, to: number): number => {
      let count = 0;
      for (let i = from; i < to; i++) if (samples.a![i]! !== samples.b![i]!) count++;
      return count;
    };
    const samples = estimator.sample(new SeededRandom(2), 2000, 1000);
    assert.equal(mixedPairs(samples, 0, 1000), 0, 'joint draws');
    const recombined = mixedPairs(samples, 1000, 2000);
    assert.ok(
      recombined > 400 && recombined < 600,
      `${recombined} of 1000 recombined draws mix the corners (expected about half)`,
    );
    assert.deepEqual(
      [...samples.a!.slice(1000)].every((a) => a === 0 || a === 9),
      true,
      'recombined draws still come from the observations',
    );
  });

  test("recombining categoricals only combines the categoricals' observations but keeps the numeric parameters' kernel shared", () => {
    // Two observations at opposite corners of two categoricals and two wide integers; no prior, almost no
    // smoothing, no magic clip (which would widen two kernels to a third of the range).
    const digit: Distribution = { type: 'categorical', choices: [...'0123456789'] };
    const wide: Distribution = { type: 'int', low: 0, high: 1000, log: false, step: 1 };
    const estimator = new ParzenEstimator(
      {
        a: Float64Array.from([0, 9]),
        b: Float64Array.from([0, 9]),
        x: Float64Array.from([0, 1000]),
        y: Float64Array.from([0, 1000]),
      },
      { a: digit, b: digit, x: wide, y: wide },
      { ...parameters(true), considerPrior: false, categoricalPriorWeight: 1e-6, considerMagicClip: false },
    );
    /** How many of the draws pair a value near one corner with one near the other. */
    const mixed = (samples: Record<string, Float64Array>, first: string, second: string): number =>
      samples[first]!.filter(
        (v, i) => v / digitOrWide(first) < 0.5 !== samples[second]![i]! / digitOrWide(second) < 0.5,
      ).length;
    const digitOrWide = (name: string): number => (name === 'a' || name === 'b' ? 9 : 1000);
    const categoricalOnly = estimator.sample(new SeededRandom(4), 1000, 1000, 'categorical');
    assert.equal(mixed(categoricalOnly, 'x', 'y'), 0, 'the integers come from one kernel');
    const categoricalPairs = mixed(categoricalOnly, 'a', 'b');
    assert.ok(
      categoricalPairs > 400 && categoricalPairs < 600,
      `${categoricalPairs} of 1000 mix the categoricals' corners`,
    );
    const all = estimator.sample(new SeededRandom(4), 1000, 1000, 'all');
    const numericPairs = mixed(all, 'x', 'y');
    assert.ok(numericPairs > 400 && numericPairs < 600, `${numericPairs} of 1000 mix the integers' corners with 'all'`);
  });

  test('recombining categoricals only draws exactly as joint draws in a numeric space and in a space of one categorical', () => {
    const numeric = Object.fromEntries(Object.entries(space).filter(([name]) => name !== 'activation'));
    const onlyActivation = { activation: space.activation! };
    for (const subspace of [numeric, onlyActivation]) {
      const estimator = new ParzenEstimator(observations, subspace, parameters(true));
      const random = [new SeededRandom(5), new SeededRandom(5)];
      assert.deepEqual(estimator.sample(random[0]!, 50, 50, 'categorical'), estimator.sample(random[1]!, 50));
      assert.equal(random[0]!.random(), random[1]!.random(), 'the same random numbers were used');
    }
  });

  test('a joint estimator widens its continuous kernels with the dimension, around spread observations', () => {
    // Two tight clusters far apart: alone, a parameter keeps the clusters' narrow kernels.
    const values = Float64Array.from({ length: 20 }, (_, k) => (k < 10 ? 0.1 + k / 100 : 0.71 + k / 100));
    const unit: Distribution = { type: 'float', low: 0, high: 1, log: false };
    /** The share of draws of x0 between the clusters, in a space of `d` such parameters. */
    const between = (d: number): number => {
      const names = Array.from({ length: d }, (_, i) => `x${i}`);
      const estimator = new ParzenEstimator(
        Object.fromEntries(names.map((name) => [name, values])),
        Object.fromEntries(names.map((name) => [name, unit])),
        { ...parameters(true), considerPrior: false },
      );
      const draws = estimator.sample(new SeededRandom(3), 4000).x0!;
      return draws.filter((x) => x > 0.3 && x < 0.7).length / draws.length;
    };
    const [alone, inSix] = [between(1), between(6)];
    assert.ok(inSix > 1.5 * alone, `share between the clusters with 6 parameters ${inSix}, with 1 ${alone}`);
  });
  test('a parameter alone sizes each kernel by the larger gap to its sorted neighbours; equal values take their slots in observation order', () => {
    const unit: Distribution = { type: 'float', low: 0, high: 1, log: false };
    const values = Float64Array.from([0.5, 0.45, 0.5, 0.9]);
    /** Kernel k's width, read back from the density near its centre with the other kernels weighed out. */
    const kernelWidth = (k: number, considerEndpoints: boolean): number => {
      const estimator = new ParzenEstimator(
        { x: values },
        { x: unit },
        {
          ...parameters(false),
          considerPrior: false,
          considerMagicClip: false,
          considerEndpoints,
          weights: (n) => Array.from({ length: n }, (_, i) => (i === k ? 1 : 1e-40)),
        },
      );
      const mu = values[k]!;
      const delta = 1e-3;
      const [atCentre, beside] = estimator.logPdf({ x: Float64Array.from([mu, mu + delta]) });
      return delta / Math.sqrt(2 * (atCentre! - beside!));
    };
    // Sorted: 0.45, 0.5 (kernel 0), 0.5 (kernel 2), 0.9. Without endpoints the outermost kernels ignore the bounds.
    const widths = (considerEndpoints: boolean) => [0, 1, 2, 3].map((k) => kernelWidth(k, considerEndpoints));
    for (const [got, expected] of [
      [widths(false), [0.05, 0.05, 0.4, 0.4]],
      [widths(true), [0.05, 0.45, 0.4, 0.4]],
    ] as const)
      got.forEach((width, k) => assert.ok(Math.abs(width - expected[k]!) < 1e-6, `kernel ${k}: ${got.join(', ')}`));
  });
  test("the magic clip: a parameter alone keeps kernels no narrower than the range over 1 + the kernel count (Optuna's), a joint estimator over 1 + count^1.25", () => {
    // Twelve identical observations: no gap or spread widens the kernels, so the clip alone sets their width.
    const unit: Distribution = { type: 'float', low: 0, high: 1, log: false };
    const kernelWidth = (names: string[], multivariate: boolean): number => {
      const estimator = new ParzenEstimator(
        Object.fromEntries(names.map((name) => [name, new Float64Array(12).fill(0.5)])),
        Object.fromEntries(names.map((name) => [name, unit])),
        { ...parameters(multivariate), considerPrior: false },
      );
      const delta = 0.01;
      const at = (x0: number) =>
        estimator.logPdf(Object.fromEntries(names.map((n, i) => [n, Float64Array.from([i === 0 ? x0 : 0.5])])))[0]!;
      // Every kernel is the same Gaussian: the log density falls by (delta / sigma)^2 / 2 away from its centre.
      return delta / Math.sqrt(2 * (at(0.5) - at(0.5 + delta)));
    };
    assert.ok(Math.abs(kernelWidth(['x'], false) - 1 / 13) < 1e-9, `alone: ${kernelWidth(['x'], false)}`);
    assert.ok(
      Math.abs(kernelWidth(['x'], true) - 1 / 13) < 1e-9,
      `a one-parameter joint space: ${kernelWidth(['x'], true)}`,
    );
    const joint = kernelWidth(['x', 'y'], true);
    assert.ok(Math.abs(joint - 1 / (1 + 12 ** 1.25)) < 1e-9, `joint: ${joint}`);
  });
});
