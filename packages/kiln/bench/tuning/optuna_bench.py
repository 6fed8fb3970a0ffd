"""Optuna's side of packages/kiln/bench/tuning/run.ts: the same test functions, printed as JSON.

  optuna_bench.py quality FUNCTION SEEDS N_TRIALS   -> {"best": [best value per seed]}
  optuna_bench.py overhead STORAGE N_TRIALS         -> {"msPerTrial": mean milliseconds per trial}

STORAGE is "memory" or an Optuna storage URL (sqlite:///path.db). Keep the functions identical to
testFunctions.ts.
"""
import json
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

SPHERE_SHIFT = [1.5, -2.0, 0.5, 3.0, -1.0]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [p * 1e-4 for p in row]
    for row in [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
]
ACTIVATION_PENALTY = {"relu": 0.5, "tanh": 1, "sigmoid": 2, "gelu": 0}
OPTIMIZER_PENALTY = {"sgd": 1, "adam": 0, "rmsprop": 0.3}


def floats(trial, count, low, high):
    return [trial.suggest_float(f"x{i}", low, high) for i in range(count)]


def sphere5(trial):
    return sum((x - s) ** 2 for x, s in zip(floats(trial, 5, -5, 5), SPHERE_SHIFT))


def branin(trial):
    x = trial.suggest_float("x", -5, 10)
    y = trial.suggest_float("y", 0, 15)
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def hartmann6(trial):
    xs = floats(trial, 6, 0, 1)
    return -sum(
        alpha * math.exp(-sum(a * (x - p) ** 2 for a, x, p in zip(HARTMANN_A[i], xs, HARTMANN_P[i])))
        for i, alpha in enumerate(HARTMANN_ALPHA)
    )


def styblinskiTang5(trial):
    return sum(0.5 * (x**4 - 16 * x**2 + 5 * x) for x in floats(trial, 5, -5, 5))


def mixed(trial):
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    units = trial.suggest_int("units", 8, 512, log=True)
    layers = trial.suggest_int("layers", 1, 8)
    activation = trial.suggest_categorical("activation", ["relu", "tanh", "sigmoid", "gelu"])
    dropout = trial.suggest_float("dropout", 0, 0.5, step=0.05)
    optimizer = trial.suggest_categorical("optimizer", ["sgd", "adam", "rmsprop"])
    return (
        (math.log10(lr) + 2.5) ** 2
        + (math.log2(units) - 7) ** 2 / 4
        + (layers - 3) ** 2 / 4
        + ACTIVATION_PENALTY[activation]
        + 20 * (dropout - 0.2) ** 2
        + OPTIMIZER_PENALTY[optimizer]
    )


def trivial(trial):
    return sum(x * x for x in floats(trial, 10, -10, 10))


FUNCTIONS = {f.__name__: f for f in [sphere5, branin, hartmann6, styblinskiTang5, mixed]}


def quality(name, seeds, n_trials):
    best = []
    for seed in seeds:
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(FUNCTIONS[name], n_trials=n_trials)
        best.append(study.best_value)
    return {"best": best}


def overhead(storage, n_trials):
    study = optuna.create_study(
        storage=None if storage == "memory" else storage, sampler=optuna.samplers.TPESampler(seed=0)
    )
    started = time.perf_counter()
    study.optimize(trivial, n_trials=n_trials)
    return {"msPerTrial": (time.perf_counter() - started) * 1000 / n_trials}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "quality":
        result = quality(sys.argv[2], [int(s) for s in sys.argv[3].split(",")], int(sys.argv[4]))
    else:
        result = overhead(sys.argv[2], int(sys.argv[3]))
    print(json.dumps(result))
