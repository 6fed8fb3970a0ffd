import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import erfcx from '@stdlib/math-base-special-erfcx';

// Standard-normal helpers for truncated Gaussians, accurate deep in the tails (TPE kernels are
// often many sigmas away from a point, and their log-densities must stay finite there).

const SQRT2 = Math.SQRT2;
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** P(Z <= z). */
export function ndtr(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log P(Z <= z), without underflow for very negative z. */
export function logNdtr(z: number): number {
  if (z > -5) return Math.log1p(-0.5 * erfc(z / SQRT2));
  // erfc(x) = erfcx(x) * exp(-x^2): keep the exponent out of the floating-point number.
  return Math.log(0.5 * erfcx(-z / SQRT2)) - (z * z) / 2;
}

/** The z with P(Z <= z) = p. */
export function ndtri(p: number): number {
  return -SQRT2 * erfcinv(2 * p);
}

/** log P(a <= Z <= b) for a <= b. */
export function logNormalMass(a: number, b: number): number {
  if (a >= 0) return logNormalMass(-b, -a); // mirror into the lower tail, where it is precise
  if (b <= 0) {
    const logB = logNdtr(b);
    return logB + Math.log1p(-Math.exp(logNdtr(a) - logB));
  }
  return Math.log1p(-(ndtr(a) + ndtr(-b)));
}

/** A draw from Z conditioned on a <= Z <= b, by inverting the CDF at `u` in [0, 1). */
export function truncatedNormalQuantile(a: number, b: number, u: number): number {
  if (a >= 0) return -truncatedNormalQuantile(-b, -a, 1 - u);
  const low = ndtr(a);
  const z = ndtri(low + u * (ndtr(b) - low));
  return Math.min(Math.max(z, a), b);
}
