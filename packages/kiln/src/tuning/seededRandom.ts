import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** A seedable random stream: the same seed always yields the same sequence. */
export class SeededRandom {
  private readonly generator: RandomGenerator;

  /** Without a seed, the stream starts from a random one. */
  constructor(seed?: number) {
    this.generator = xoroshiro128plus(seed ?? Math.floor(Math.random() * 0x7fffffff));
  }

  /** Uniform in [0, 1). */
  random(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** Uniform integer in [low, high], both included. */
  integer(low: number, high: number): number {
    return uniformInt(this.generator, low, high);
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weightedIndex(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let target = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i]!;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }
}
