// The bi-objective test problems of multiObjective.ts; optuna_multi_objective.py holds the same ones
// for Optuna. Keep the two identical.
import type { Objective } from '../../src/tuning/study.js';
import type { StudyDirection } from '../../src/tuning/frozenTrial.js';

export interface MultiObjectiveProblem {
  readonly name: string;
  readonly directions: readonly StudyDirection[];
  /** Losses (every objective minimized) beyond every value the problem can return. */
  readonly referencePoint: readonly number[];
  readonly objective: Objective;
}

/** ZDT1 (Zitzler, Deb and Thiele 2000), 30 variables in [0, 1]: the front is f2 = 1 - sqrt(f1) at x1..x29 = 0. */
const zdt1: MultiObjectiveProblem = {
  name: 'zdt1',
  directions: ['minimize', 'minimize'],
  referencePoint: [1.1, 11],
  objective: async (trial) => {
    const x: number[] = [];
    for (let i = 0; i < 30; i++) x.push(await trial.suggestFloat(`x${i}`, 0, 1));
    const g = 1 + (9 * x.slice(1).reduce((sum, v) => sum + v, 0)) / 29;
    return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
  },
};

const OPTIMIZER_ERROR: Record<string, number> = { sgd: 0.3, momentum: 0.22, adam: 0.15, rmsprop: 0.18 };
const OPTIMIZER_BEST_LOG10_LR: Record<string, number> = { sgd: -1, momentum: -1.5, adam: -3, rmsprop: -3.5 };

/**
 * A network's error against its size, as a user tunes one: the optimizer (categorical) sets the
 * error floor and where the learning rate (log-float) is best; more layers and units (log-ints)
 * lower the error and raise the size; dropout (float) is best at 0.25; batch normalization
 * (categorical) helps the error and costs 15% more size. Error in [0.15, 1), size in (0, 9.2].
 */
const mixedNetwork: MultiObjectiveProblem = {
  name: 'mixed-network',
  directions: ['minimize', 'minimize'],
  referencePoint: [1, 10],
  objective: async (trial) => {
    const optimizer = await trial.suggestCategorical('optimizer', ['sgd', 'momentum', 'adam', 'rmsprop']);
    const lr = await trial.suggestFloat('lr', 1e-4, 1e-1, { log: true });
    const layers = await trial.suggestInt('layers', 1, 8);
    const units = await trial.suggestInt('units', 16, 512, { log: true });
    const dropout = await trial.suggestFloat('dropout', 0, 0.5);
    const batchNorm = await trial.suggestCategorical('batchNorm', [true, false]);
    const error =
      OPTIMIZER_ERROR[optimizer]! +
      0.04 * (Math.log10(lr) - OPTIMIZER_BEST_LOG10_LR[optimizer]!) ** 2 +
      0.3 / (1 + (layers * Math.log2(units)) / 8) +
      0.5 * (dropout - 0.25) ** 2 +
      (batchNorm ? 0 : 0.05);
    const size = ((layers * units) / 512) * (batchNorm ? 1.15 : 1);
    return [error, size];
  },
};

export const multiObjectiveProblems: readonly MultiObjectiveProblem[] = [zdt1, mixedNetwork];
