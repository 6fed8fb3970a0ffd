/**
 * Names layers the way Keras does within one model (`conv2d`, `conv2d_1`, ...), so summaries and
 * saved weights read like Keras' rather than tfjs' `conv2d_Conv2D1`.
 */
export class LayerNamer {
  private readonly counts = new Map<string, number>();

  next(base: string): string {
    const count = this.counts.get(base) ?? 0;
    this.counts.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  }
}
