import type { Distribution, ParamValue } from '../distributions.js';
import { SeededRandom } from '../seededRandom.js';
import type { Sampler } from './base.js';

/** A uniform draw from the distribution (on the log scale for log ones, on the grid for stepped ones). */
export function sampleUniformly(random: SeededRandom, distribution: Distribution): ParamValue {
  if (distribution.type === 'categorical')
    return distribution.choices[random.integer(0, distribution.choices.length - 1)]!;
  const { low, high, log, step } = distribution;
  if (log) {
    // Ints get the half-unit around each end so that every int is equally reachable in log space.
    const margin = distribution.type === 'int' ? 0.5 : 0;
    const value = Math.exp(random.uniform(Math.log(low - margin), Math.log(high + margin)));
    return Math.min(Math.max(distribution.type === 'int' ? Math.round(value) : value, low), high);
  }
  if (step === undefined) return random.uniform(low, high);
  return low + step * random.integer(0, Math.round((high - low) / step));
}

export interface RandomSamplerOptions {
  readonly seed?: number;
}

/** Independent uniform sampling (Optuna's RandomSampler). */
export class RandomSampler implements Sampler {
  private readonly random: SeededRandom;

  constructor(options: RandomSamplerOptions = {}) {
    this.random = new SeededRandom(options.seed);
  }

  sampleIndependent(_study: unknown, _trial: unknown, _name: string, distribution: Distribution): ParamValue {
    return sampleUniformly(this.random, distribution);
  }
}
