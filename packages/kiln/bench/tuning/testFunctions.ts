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

// categorical: eight categorical choices of a training recipe and a learning rate whose best value
// depends on the optimizer. Each table's best entry is 0.
const RECIPE_OPTIMIZER: Record<string, number> = { sgd: 0.6, momentum: 0.2, adam: 0, adamw: 0.1, rmsprop: 0.4 };
const RECIPE_BEST_LOG10_LR: Record<string, number> = { sgd: -1, momentum: -1.5, adam: -3, adamw: -3, rmsprop: -3.5 };
const RECIPE_ACTIVATION: Record<string, number> = { relu: 0.3, elu: 0.4, gelu: 0, swish: 0.1, tanh: 1, sigmoid: 1.5 };
const RECIPE_INITIALIZER: Record<string, number> = { glorot: 0.2, he: 0, lecun: 0.3, orthogonal: 0.5 };
const RECIPE_NORMALIZATION: Record<string, number> = { none: 0.8, batch: 0, layer: 0.2 };
const RECIPE_POOLING: Record<string, number> = { max: 0, average: 0.3, strided: 0.5 };
const RECIPE_SCHEDULE: Record<string, number> = { constant: 0.5, step: 0.3, cosine: 0, exponential: 0.2 };
const RECIPE_BATCH: Record<string, number> = { '32': 0.3, '64': 0, '128': 0.1, '256': 0.4, '512': 0.8 };

// conditional: one of three models, each with parameters that exist only on its branch (the mlp's
// per-layer widths only for the layers it has). Branch minima: svm 0.3, forest 0.1, mlp 0.
const SVM_KERNEL: Record<string, number> = { rbf: 0, poly: 0.4, linear: 0.8 };

// integers: eight integer hyperparameters (plain, log-scaled, stepped) with optima inside their ranges.
const INTEGER_TARGETS = {
  batch: 96,
  filters: 72,
  depth: 7,
  kernel: 5,
  epochs: 37,
  patience: 4,
  heads: 6,
  warmup: 1200,
};

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
  {
    name: 'categorical',
    minimum: 0,
    objective: async (trial) => {
      const optimizer = await trial.suggestCategorical('optimizer', Object.keys(RECIPE_OPTIMIZER));
      const lr = await trial.suggestFloat('lr', 1e-5, 1, { log: true });
      const activation = await trial.suggestCategorical('activation', Object.keys(RECIPE_ACTIVATION));
      const initializer = await trial.suggestCategorical('initializer', Object.keys(RECIPE_INITIALIZER));
      const normalization = await trial.suggestCategorical('normalization', Object.keys(RECIPE_NORMALIZATION));
      const pooling = await trial.suggestCategorical('pooling', Object.keys(RECIPE_POOLING));
      const schedule = await trial.suggestCategorical('schedule', Object.keys(RECIPE_SCHEDULE));
      const batch = await trial.suggestCategorical('batch', Object.keys(RECIPE_BATCH));
      const augment = await trial.suggestCategorical('augment', [true, false]);
      // Without normalization, saturating activations train badly: an interaction between two choices.
      const saturating = normalization === 'none' && (activation === 'tanh' || activation === 'sigmoid') ? 1 : 0;
      return (
        RECIPE_OPTIMIZER[optimizer]! +
        (Math.log10(lr) - RECIPE_BEST_LOG10_LR[optimizer]!) ** 2 / 2 +
        RECIPE_ACTIVATION[activation]! +
        RECIPE_INITIALIZER[initializer]! +
        RECIPE_NORMALIZATION[normalization]! +
        RECIPE_POOLING[pooling]! +
        RECIPE_SCHEDULE[schedule]! +
        RECIPE_BATCH[batch]! +
        (augment ? 0 : 0.3) +
        saturating
      );
    },
  },
  {
    name: 'conditional',
    minimum: 0,
    objective: async (trial) => {
      const model = await trial.suggestCategorical('model', ['svm', 'forest', 'mlp']);
      if (model === 'svm') {
        const c = await trial.suggestFloat('svm_c', 1e-3, 1e3, { log: true });
        const gamma = await trial.suggestFloat('svm_gamma', 1e-4, 10, { log: true });
        const kernel = await trial.suggestCategorical('svm_kernel', Object.keys(SVM_KERNEL));
        return 0.3 + (Math.log10(c) - 1.5) ** 2 / 4 + (Math.log10(gamma) + 2) ** 2 / 4 + SVM_KERNEL[kernel]!;
      }
      if (model === 'forest') {
        const trees = await trial.suggestInt('forest_trees', 10, 1000, { log: true });
        const depth = await trial.suggestInt('forest_depth', 2, 32);
        const features = await trial.suggestFloat('forest_features', 0.1, 1);
        return 0.1 + (Math.log10(trees) - 2.5) ** 2 / 2 + ((depth - 12) / 8) ** 2 + 4 * (features - 0.35) ** 2;
      }
      const lr = await trial.suggestFloat('mlp_lr', 1e-5, 1, { log: true });
      const layers = await trial.suggestInt('mlp_layers', 1, 4);
      let widths = 0;
      for (let i = 0; i < layers; i++)
        widths += (Math.log2(await trial.suggestInt(`mlp_units${i}`, 16, 1024, { log: true })) - 8) ** 2 / 8;
      const dropout = await trial.suggestFloat('mlp_dropout', 0, 0.6);
      return (Math.log10(lr) + 3) ** 2 / 2 + (layers - 2) ** 2 / 4 + widths + 3 * (dropout - 0.25) ** 2;
    },
  },
  {
    name: 'integers',
    minimum: 0,
    objective: async (trial) => {
      const t = INTEGER_TARGETS;
      const batch = await trial.suggestInt('batch', 8, 1024, { log: true });
      const filters = await trial.suggestInt('filters', 8, 256, { step: 8 });
      const depth = await trial.suggestInt('depth', 1, 12);
      const kernel = await trial.suggestInt('kernel', 1, 9, { step: 2 });
      const epochs = await trial.suggestInt('epochs', 1, 100);
      const patience = await trial.suggestInt('patience', 0, 20);
      const heads = await trial.suggestInt('heads', 1, 64, { log: true });
      const warmup = await trial.suggestInt('warmup', 0, 5000, { step: 100 });
      return (
        Math.log2(batch / t.batch) ** 2 / 2 +
        ((filters - t.filters) / 32) ** 2 +
        ((depth - t.depth) / 3) ** 2 +
        ((kernel - t.kernel) / 2) ** 2 +
        ((epochs - t.epochs) / 20) ** 2 +
        ((patience - t.patience) / 5) ** 2 +
        Math.log2(heads / t.heads) ** 2 / 2 +
        ((warmup - t.warmup) / 1000) ** 2
      );
    },
  },
];

/** The overhead benchmark's objective: ten floats, no work. */
export async function trivialObjective(trial: Trial): Promise<number> {
  return (await floats(trial, 10, -10, 10)).reduce((sum, x) => sum + x * x, 0);
}
