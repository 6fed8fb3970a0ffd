import type { Pruner } from './base.js';

/** Never prunes (Optuna's NopPruner). */
export class NopPruner implements Pruner {
  async prune(): Promise<boolean> {
    return false;
  }
}
