/** The largest |b - a| over each array pair, relative to that array of a's largest magnitude. */
export function maxRelativeDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((expected, i) => {
    const scale = Math.max(1e-6, ...expected.map(Math.abs));
    expected.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(b[i]![j]! - v) / scale);
    });
  });
  return worst;
}
