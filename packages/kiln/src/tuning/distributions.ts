/** Search-space distributions, as Optuna's FloatDistribution / IntDistribution / CategoricalDistribution. */
export type CategoricalChoice = string | number | boolean | null;
export type ParamValue = number | CategoricalChoice;

export interface FloatDistribution {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  /** Discretization step; absent means continuous. */
  readonly step?: number;
}

export interface IntDistribution {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

export interface CategoricalDistribution {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;
