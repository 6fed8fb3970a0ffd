import type { Distribution, ParamValue } from '../distributions.js';
import type { FrozenTrial, StudyDirection } from '../frozenTrial.js';

export interface PedAnovaOptions {
  /** Fraction of the best trials whose parameter distribution is compared with all trials'; default 0.1. */
  readonly targetQuantile?: number;
  /** Grid points a numeric parameter's densities are evaluated on; default 50. */
  readonly gridSize?: number;
}

/** Fewer completed trials than this and no importance is computed: the top quantile would be one or two trials. */
const minimumTrials = 4;

/**
 * Parameter importances by PED-ANOVA (Watanabe et al., IJCAI 2023; Optuna's
 * PedAnovaImportanceEvaluator): a parameter matters as much as the distribution of its values among
 * the best `targetQuantile` of the COMPLETE trials diverges (Pearson divergence) from its
 * distribution among all of them. Densities are Parzen estimates (Scott's bandwidth) on a grid of
 * the parameter's range, in log scale for log distributions; categorical ones are smoothed counts.
 * Returns each parameter's share of the total (summing to 1), most important first; an empty object
 * when fewer than 4 trials completed.
 */
export function pedAnovaImportances(
  trials: readonly FrozenTrial[],
  direction: StudyDirection,
  options: PedAnovaOptions = {},
): Record<string, number> {
  const quantile = options.targetQuantile ?? 0.1;
  const gridSize = options.gridSize ?? 50;
  if (!(quantile > 0 && quantile < 1)) throw new Error(`targetQuantile must be in (0, 1), got ${quantile}`);
  const complete = trials.filter((trial) => trial.state === 'COMPLETE' && trial.value !== null);
  if (complete.length < minimumTrials) return {};
  const sign = direction === 'maximize' ? -1 : 1;
  const ranked = [...complete].sort((a, b) => sign * (a.value! - b.value!));
  const top = ranked.slice(0, Math.max(2, Math.ceil(quantile * ranked.length)));
  const distributions = new Map<string, Distribution>();
  for (const trial of complete) {
    for (const [name, distribution] of Object.entries(trial.distributions)) distributions.set(name, distribution);
  }
  const divergences = [...distributions].map(([name, distribution]): [string, number] => {
    const all = valuesOf(complete, name);
    const best = valuesOf(top, name);
    return [name, all.length < 2 || best.length < 2 ? 0 : pearsonDivergence(distribution, best, all, gridSize)];
  });
  const total = divergences.reduce((sum, [, divergence]) => sum + divergence, 0);
  return Object.fromEntries(
    divergences
      .map(([name, divergence]): [string, number] => [name, total > 0 ? divergence / total : 1 / divergences.length])
      .sort((a, b) => b[1] - a[1]),
  );
}

function valuesOf(trials: readonly FrozenTrial[], name: string): ParamValue[] {
  return trials.flatMap((trial) => (name in trial.params ? [trial.params[name]!] : []));
}

/** Σ p_all(x) (p_top(x) / p_all(x) - 1)², over the parameter's grid or choices. */
function pearsonDivergence(
  distribution: Distribution,
  top: readonly ParamValue[],
  all: readonly ParamValue[],
  gridSize: number,
): number {
  const [pTop, pAll] =
    distribution.type === 'categorical'
      ? [categoricalMass(distribution.choices, top), categoricalMass(distribution.choices, all)]
      : numericMasses(distribution, top as number[], all as number[], gridSize);
  let divergence = 0;
  for (let index = 0; index < pAll.length; index++) {
    if (pAll[index]! > 0) divergence += pAll[index]! * (pTop[index]! / pAll[index]! - 1) ** 2;
  }
  return divergence;
}

/** Counts with one pseudo-count per choice, so a choice the best trials never drew is not infinitely surprising. */
function categoricalMass(choices: readonly ParamValue[], values: readonly ParamValue[]): number[] {
  const counts = choices.map((choice) => 1 + values.filter((value) => value === choice).length);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => count / total);
}

function numericMasses(
  distribution: Exclude<Distribution, { type: 'categorical' }>,
  top: readonly number[],
  all: readonly number[],
  gridSize: number,
): [number[], number[]] {
  const scale = (value: number): number => (distribution.log ? Math.log(value) : value);
  const low = scale(distribution.low);
  const high = scale(distribution.high);
  const span = high - low || 1;
  // Positions in [0, 1], so one bandwidth floor suits every parameter.
  const unit = (values: readonly number[]): number[] => values.map((value) => (scale(value) - low) / span);
  const grid = Array.from({ length: gridSize }, (_, index) => index / (gridSize - 1));
  return [parzenMass(unit(top), grid), parzenMass(unit(all), grid)];
}

/** Gaussian kernels with Scott's bandwidth evaluated on `grid`, normalized to sum 1. */
function parzenMass(points: readonly number[], grid: readonly number[]): number[] {
  const mean = points.reduce((sum, point) => sum + point, 0) / points.length;
  const sd = Math.sqrt(points.reduce((sum, point) => sum + (point - mean) ** 2, 0) / Math.max(1, points.length - 1));
  const bandwidth = Math.max(1.059 * sd * points.length ** -0.2, 1 / grid.length);
  const density = grid.map((x) =>
    points.reduce((sum, point) => sum + Math.exp(-0.5 * ((x - point) / bandwidth) ** 2), 0),
  );
  const total = density.reduce((sum, value) => sum + value, 0);
  return density.map((value) => value / total);
}
