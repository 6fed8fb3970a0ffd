import {
  HyperbandPruner,
  MedianPruner,
  NopPruner,
  NSGAIISampler,
  type Pruner,
  RandomSampler,
  type Sampler,
  SuccessiveHalvingPruner,
  TPESampler,
} from '../tuning/index.js';

export const samplerNames = ['tpe', 'random', 'nsga2'] as const;
export type SamplerName = (typeof samplerNames)[number];
export const prunerNames = ['median', 'asha', 'hyperband', 'none'] as const;
export type PrunerName = (typeof prunerNames)[number];

/** The sampler `--sampler` names; `seed` makes its draws reproducible. */
export function createSampler(name: SamplerName, seed?: number): Sampler {
  switch (name) {
    case 'tpe':
      // Constant liar: parallel workers see each other's running trials and spread out. Five random
      // trials before modelling (Optuna: 10), since a CPU study has few trials.
      return new TPESampler({ seed, constantLiar: true, nStartupTrials: 5 });
    case 'random':
      return new RandomSampler({ seed });
    case 'nsga2':
      // For multi-objective studies. Generations of 10 rather than Optuna's 50, since a CPU study has few trials.
      return new NSGAIISampler({ seed, populationSize: 10 });
    default:
      throw new RangeError(`unknown sampler '${String(name)}': use one of ${samplerNames.join(', ')}`);
  }
}

/**
 * The pruner `--pruner` names, for trials that report once per epoch (steps 1..epochs). The median
 * pruner starts judging after 3 COMPLETE trials rather than Optuna's 5, because CPU studies are short.
 */
export function createPruner(name: PrunerName, epochs: number): Pruner {
  switch (name) {
    case 'median':
      return new MedianPruner({ nStartupTrials: 3 });
    case 'asha':
      return new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
    case 'hyperband':
      return new HyperbandPruner({ minResource: 1, maxResource: epochs, reductionFactor: 3 });
    case 'none':
      return new NopPruner();
    default:
      throw new RangeError(`unknown pruner '${String(name)}': use one of ${prunerNames.join(', ')}`);
  }
}
