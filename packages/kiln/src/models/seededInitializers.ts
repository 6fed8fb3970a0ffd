import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Seeds for one model's layers: each seeded layer gets its own (one shared seed would give
 * identical kernels); without a seed, everything is random.
 */
export function seededInitializers(seed: number | undefined): {
  next(): number | undefined;
  glorotUniform(): ReturnType<typeof tfl.initializers.glorotUniform>;
  heNormal(): ReturnType<typeof tfl.initializers.heNormal>;
} {
  let offset = 0;
  const next = (): number | undefined => (seed === undefined ? undefined : seed + offset++);
  return {
    next,
    glorotUniform: () => tfl.initializers.glorotUniform({ seed: next() }),
    heNormal: () => tfl.initializers.heNormal({ seed: next() }),
  };
}
