// Standard optimization test functions as Kiln objectives. optuna_bench.py defines the same ones,
// with the same parameter names and ranges, for the side-by-side comparison in run.ts.
import type { Trial } from '../../src/tuning/trial.js';

export interface TestFunction {
  readonly name: string;
  /** The known global minimum, printed for reference. */
  readonly minimum: number;
  readonly objective: (trial: Trial) => Promise<number>;
}

async function floats(trial: Trial, count: number, low: number, high: number): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < count; i++) xs.push(await trial.suggestFloat(`x${i}`, low, high));
  return xs;
}

const SPHERE_SHIFT = [1.5, -2.0, 0.5, 3.0, -1.0];

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((p) => p * 1e-4));

const ACTIVATION_PENALTY: Record<string, number> = { relu: 0.5, tanh: 1, sigmoid: 2, gelu: 0 };
const OPTIMIZER_PENALTY: Record<string, number> = { sgd: 1, adam: 0, rmsprop: 0.3 };

export const testFunctions: readonly TestFunction[] = [
  {
    name: 'sphere5',
    minimum: 0,
    objective: async (trial) =>
      (await floats(trial, 5, -5, 5)).reduce((sum, x, i) => sum + (x - SPHERE_SHIFT[i]!) ** 2, 0),
  },
  {
    name: 'branin',
    minimum: 0.397887,
    objective: async (trial) => {
      const x = await trial.suggestFloat('x', -5, 10);
      const y = await trial.suggestFloat('y', 0, 15);
      const b = 5.1 / (4 * Math.PI ** 2);
      const c = 5 / Math.PI;
      const t = 1 / (8 * Math.PI);
      return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
    },
  },
  {
    name: 'hartmann6',
    minimum: -3.32237,
    objective: async (trial) => {
      const xs = await floats(trial, 6, 0, 1);
      return -HARTMANN_ALPHA.reduce(
        (sum, alpha, i) =>
          sum +
          alpha * Math.exp(-xs.reduce((inner, x, j) => inner + HARTMANN_A[i]![j]! * (x - HARTMANN_P[i]![j]!) ** 2, 0)),
        0,
      );
    },
  },
  {
    name: 'styblinskiTang5',
    minimum: -195.830828,
    objective: async (trial) =>
      (await floats(trial, 5, -5, 5)).reduce((sum, x) => sum + 0.5 * (x ** 4 - 16 * x ** 2 + 5 * x), 0),
  },
  {
    // A small network's hyperparameters: log-scale float and int, a plain int, a stepped float, two categoricals.
    name: 'mixed',
    minimum: 0,
    objective: async (trial) => {
      const lr = await trial.suggestFloat('lr', 1e-5, 1, { log: true });
      const units = await trial.suggestInt('units', 8, 512, { log: true });
      const layers = await trial.suggestInt('layers', 1, 8);
      const activation = await trial.suggestCategorical('activation', ['relu', 'tanh', 'sigmoid', 'gelu']);
      const dropout = await trial.suggestFloat('dropout', 0, 0.5, { step: 0.05 });
      const optimizer = await trial.suggestCategorical('optimizer', ['sgd', 'adam', 'rmsprop']);
      return (
        (Math.log10(lr) + 2.5) ** 2 +
        (Math.log2(units) - 7) ** 2 / 4 +
        (layers - 3) ** 2 / 4 +
        ACTIVATION_PENALTY[activation]! +
        20 * (dropout - 0.2) ** 2 +
        OPTIMIZER_PENALTY[optimizer]!
      );
    },
  },
];

/** The overhead benchmark's objective: ten floats, no work. */
export async function trivialObjective(trial: Trial): Promise<number> {
  return (await floats(trial, 10, -10, 10)).reduce((sum, x) => sum + x * x, 0);
}
