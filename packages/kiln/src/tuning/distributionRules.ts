import type {
  CategoricalChoice,
  CategoricalDistribution,
  Distribution,
  FloatDistribution,
  IntDistribution,
  ParamValue,
} from './distributions.js';

// Building, checking and comparing distributions: every suggestion goes through these, so a bad
// range fails at the line that wrote it, with what to change.

export interface NumericSuggestOptions {
  /** Sample on a log scale (low must be > 0). */
  readonly log?: boolean;
  /** Only values low, low + step, ... (not with log). */
  readonly step?: number;
}

function checkRange(name: string, low: number, high: number, log: boolean, step: number | undefined): void {
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new RangeError(`parameter '${name}': low (${low}) and high (${high}) must be finite numbers`);
  }
  if (low > high) throw new RangeError(`parameter '${name}': low (${low}) must not exceed high (${high}); swap them`);
  if (log && step !== undefined) {
    throw new RangeError(`parameter '${name}': step (${step}) and log cannot be combined; drop one of them`);
  }
  if (log && low <= 0) {
    throw new RangeError(`parameter '${name}': a log-scale range needs low > 0 (got ${low}); raise low or drop log`);
  }
  if (step !== undefined && !(step > 0)) {
    throw new RangeError(`parameter '${name}': step must be > 0 (got ${step})`);
  }
}

/** The highest point of the step grid that is <= high (Optuna trims high the same way). */
function onGrid(low: number, high: number, step: number): number {
  const cells = Math.floor((high - low) / step + 1e-9);
  return Math.min(high, low + cells * step);
}

export function floatDistribution(
  name: string,
  low: number,
  high: number,
  options: NumericSuggestOptions = {},
): FloatDistribution {
  const log = options.log ?? false;
  checkRange(name, low, high, log, options.step);
  if (options.step === undefined) return { type: 'float', low, high, log };
  return { type: 'float', low, high: onGrid(low, high, options.step), log, step: options.step };
}

export function intDistribution(
  name: string,
  low: number,
  high: number,
  options: NumericSuggestOptions = {},
): IntDistribution {
  const log = options.log ?? false;
  const step = options.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high) || !Number.isInteger(step)) {
    throw new RangeError(
      `parameter '${name}': an int range needs integer low, high and step (got ${low}, ${high}, ${step}); use suggestFloat for fractions`,
    );
  }
  // An int's default step of 1 is no discretization beyond being an int, so it goes with log.
  checkRange(name, low, high, log, step === 1 ? undefined : step);
  return { type: 'int', low, high: onGrid(low, high, step), log, step };
}

export function categoricalDistribution(name: string, choices: readonly CategoricalChoice[]): CategoricalDistribution {
  if (choices.length === 0) throw new RangeError(`parameter '${name}': give at least one choice`);
  if (new Set(choices).size !== choices.length) {
    throw new RangeError(`parameter '${name}': choices must be distinct (got ${JSON.stringify(choices)})`);
  }
  return { type: 'categorical', choices: [...choices] };
}

export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  if (a.type === 'categorical' || b.type === 'categorical') {
    if (a.type !== 'categorical' || b.type !== 'categorical') return false;
    return a.choices.length === b.choices.length && a.choices.every((c, i) => Object.is(c, b.choices[i]));
  }
  return a.type === b.type && a.low === b.low && a.high === b.high && a.log === b.log && a.step === b.step;
}

export function distributionContains(distribution: Distribution, value: ParamValue): boolean {
  if (distribution.type === 'categorical') return distribution.choices.some((c) => Object.is(c, value));
  if (typeof value !== 'number' || value < distribution.low || value > distribution.high) return false;
  if (distribution.step === undefined) return true;
  const cells = (value - distribution.low) / distribution.step;
  return Math.abs(cells - Math.round(cells)) < 1e-8;
}

/** True when the distribution has only one possible value (nothing to sample). */
export function isSingleValued(distribution: Distribution): boolean {
  if (distribution.type === 'categorical') return distribution.choices.length === 1;
  return distribution.low === distribution.high;
}

export function describeDistribution(distribution: Distribution): string {
  if (distribution.type === 'categorical') return `categorical ${JSON.stringify(distribution.choices)}`;
  const scale = distribution.log ? ', log' : '';
  const step = distribution.step === undefined ? '' : `, step ${distribution.step}`;
  return `${distribution.type} [${distribution.low}, ${distribution.high}${scale}${step}]`;
}
