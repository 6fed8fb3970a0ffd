import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type { RandomGenerator };

/** A random stream that depends only on `seed` (pure-rand's xoroshiro128+). */
export function seededGenerator(seed: number): RandomGenerator {
  return xoroshiro128plus(seed);
}

/** Shuffles `items` in place (Fisher-Yates), drawing from `generator`, and returns it. */
export function shuffleInPlace<T>(items: T[], generator: RandomGenerator): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = uniformInt(generator, 0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
