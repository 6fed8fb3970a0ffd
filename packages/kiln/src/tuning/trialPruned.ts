/** Thrown by an objective to end its trial as PRUNED (Optuna's TrialPruned). */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}
