"""Optuna's side of packages/kiln/bench/tuning/run.ts: the same test functions, printed as JSON.

  optuna_bench.py quality FUNCTION VARIANT SEEDS CHECKPOINTS PROCESSES
      -> {"best": [per seed, the best value after each checkpoint's number of trials]}
  optuna_bench.py overhead STORAGE N_TRIALS SEED    -> {"msPerTrial": mean milliseconds per trial}
  optuna_bench.py scale-create URL STUDY             creates the study scale.ts's workers share
  optuna_bench.py scale-worker URL STUDY SEED N_TRIALS
      -> prints "ready", waits for a line on stdin, runs N_TRIALS trials of the trivial objective, then
         {"samples": [[trial number, params]], "cpuSeconds": ...}
  optuna_bench.py scale-trials URL STUDY             -> [{"number", "state", "params"} per trial]
  optuna_bench.py liar-setup URL STUDY STARTUP DIMENSIONS LOW HIGH SEED    liar.ts's study and its random start-up
  optuna_bench.py liar-worker URL STUDY STARTUP DIMENSIONS LOW HIGH SEED LIAR OFFSET_MS N_TRIALS TRIAL_MS
      -> prints "ready", waits for a line on stdin and OFFSET_MS, then runs N_TRIALS trials of TPESampler(seed=SEED,
         constant_liar=LIAR == "1"), each waiting 0.5 to 1.5 times TRIAL_MS after its parameters (as liar.ts's)
  optuna_bench.py liar-trials URL STUDY STARTUP DIMENSIONS LOW HIGH  -> [{"number", "params", "start", "complete"}]

VARIANT is "default" (TPESampler()) or "multivariate-group" (TPESampler(multivariate=True, group=True));
SEEDS and CHECKPOINTS are comma-separated (e.g. 1,2,3 and 30,60,100); PROCESSES runs seeds in parallel.
STORAGE is "memory" or an Optuna storage URL (sqlite:///path.db). Keep the functions identical to
testFunctions.ts.
"""
import json
import math
import multiprocessing
import random
import sys
import time
import warnings

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
RECIPE_OPTIMIZER = {"sgd": 0.6, "momentum": 0.2, "adam": 0, "adamw": 0.1, "rmsprop": 0.4}
RECIPE_BEST_LOG10_LR = {"sgd": -1, "momentum": -1.5, "adam": -3, "adamw": -3, "rmsprop": -3.5}
RECIPE_ACTIVATION = {"relu": 0.3, "elu": 0.4, "gelu": 0, "swish": 0.1, "tanh": 1, "sigmoid": 1.5}
RECIPE_INITIALIZER = {"glorot": 0.2, "he": 0, "lecun": 0.3, "orthogonal": 0.5}
RECIPE_NORMALIZATION = {"none": 0.8, "batch": 0, "layer": 0.2}
RECIPE_POOLING = {"max": 0, "average": 0.3, "strided": 0.5}
RECIPE_SCHEDULE = {"constant": 0.5, "step": 0.3, "cosine": 0, "exponential": 0.2}
RECIPE_BATCH = {"32": 0.3, "64": 0, "128": 0.1, "256": 0.4, "512": 0.8}
SVM_KERNEL = {"rbf": 0, "poly": 0.4, "linear": 0.8}
INTEGER_TARGETS = {"batch": 96, "filters": 72, "depth": 7, "kernel": 5, "epochs": 37, "patience": 4, "heads": 6, "warmup": 1200}


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


def categorical(trial):
    optimizer = trial.suggest_categorical("optimizer", list(RECIPE_OPTIMIZER))
    lr = trial.suggest_float("lr", 1e-5, 1, log=True)
    activation = trial.suggest_categorical("activation", list(RECIPE_ACTIVATION))
    initializer = trial.suggest_categorical("initializer", list(RECIPE_INITIALIZER))
    normalization = trial.suggest_categorical("normalization", list(RECIPE_NORMALIZATION))
    pooling = trial.suggest_categorical("pooling", list(RECIPE_POOLING))
    schedule = trial.suggest_categorical("schedule", list(RECIPE_SCHEDULE))
    batch = trial.suggest_categorical("batch", list(RECIPE_BATCH))
    augment = trial.suggest_categorical("augment", [True, False])
    saturating = 1 if normalization == "none" and activation in ("tanh", "sigmoid") else 0
    return (
        RECIPE_OPTIMIZER[optimizer]
        + (math.log10(lr) - RECIPE_BEST_LOG10_LR[optimizer]) ** 2 / 2
        + RECIPE_ACTIVATION[activation]
        + RECIPE_INITIALIZER[initializer]
        + RECIPE_NORMALIZATION[normalization]
        + RECIPE_POOLING[pooling]
        + RECIPE_SCHEDULE[schedule]
        + RECIPE_BATCH[batch]
        + (0 if augment else 0.3)
        + saturating
    )


def conditional(trial):
    model = trial.suggest_categorical("model", ["svm", "forest", "mlp"])
    if model == "svm":
        c = trial.suggest_float("svm_c", 1e-3, 1e3, log=True)
        gamma = trial.suggest_float("svm_gamma", 1e-4, 10, log=True)
        kernel = trial.suggest_categorical("svm_kernel", list(SVM_KERNEL))
        return 0.3 + (math.log10(c) - 1.5) ** 2 / 4 + (math.log10(gamma) + 2) ** 2 / 4 + SVM_KERNEL[kernel]
    if model == "forest":
        trees = trial.suggest_int("forest_trees", 10, 1000, log=True)
        depth = trial.suggest_int("forest_depth", 2, 32)
        features = trial.suggest_float("forest_features", 0.1, 1)
        return 0.1 + (math.log10(trees) - 2.5) ** 2 / 2 + ((depth - 12) / 8) ** 2 + 4 * (features - 0.35) ** 2
    lr = trial.suggest_float("mlp_lr", 1e-5, 1, log=True)
    layers = trial.suggest_int("mlp_layers", 1, 4)
    widths = sum((math.log2(trial.suggest_int(f"mlp_units{i}", 16, 1024, log=True)) - 8) ** 2 / 8 for i in range(layers))
    dropout = trial.suggest_float("mlp_dropout", 0, 0.6)
    return (math.log10(lr) + 3) ** 2 / 2 + (layers - 2) ** 2 / 4 + widths + 3 * (dropout - 0.25) ** 2


def integers(trial):
    t = INTEGER_TARGETS
    batch = trial.suggest_int("batch", 8, 1024, log=True)
    filters = trial.suggest_int("filters", 8, 256, step=8)
    depth = trial.suggest_int("depth", 1, 12)
    kernel = trial.suggest_int("kernel", 1, 9, step=2)
    epochs = trial.suggest_int("epochs", 1, 100)
    patience = trial.suggest_int("patience", 0, 20)
    heads = trial.suggest_int("heads", 1, 64, log=True)
    warmup = trial.suggest_int("warmup", 0, 5000, step=100)
    return (
        math.log2(batch / t["batch"]) ** 2 / 2
        + ((filters - t["filters"]) / 32) ** 2
        + ((depth - t["depth"]) / 3) ** 2
        + ((kernel - t["kernel"]) / 2) ** 2
        + ((epochs - t["epochs"]) / 20) ** 2
        + ((patience - t["patience"]) / 5) ** 2
        + math.log2(heads / t["heads"]) ** 2 / 2
        + ((warmup - t["warmup"]) / 1000) ** 2
    )


def trivial(trial):
    return sum(x * x for x in floats(trial, 10, -10, 10))


FUNCTIONS = {
    f.__name__: f for f in [sphere5, branin, hartmann6, styblinskiTang5, mixed, categorical, conditional, integers]
}
VARIANTS = {
    "default": {},
    "multivariate-group": {"multivariate": True, "group": True},
}


def best_so_far(job):
    """One seed's study: the best value after each checkpoint's number of trials."""
    name, variant, seed, checkpoints = job
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.simplefilter("ignore")  # multivariate and group are experimental in Optuna 3.1
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, **VARIANTS[variant]))
    study.optimize(FUNCTIONS[name], n_trials=max(checkpoints))
    values = [t.value for t in study.trials]
    return [min(values[:n]) for n in checkpoints]


def quality(name, variant, seeds, checkpoints, processes):
    jobs = [(name, variant, seed, checkpoints) for seed in seeds]
    if processes <= 1:
        return {"best": [best_so_far(job) for job in jobs]}
    with multiprocessing.Pool(processes) as pool:
        return {"best": pool.map(best_so_far, jobs)}


def overhead(storage, n_trials, seed):
    study = optuna.create_study(
        storage=None if storage == "memory" else storage, sampler=optuna.samplers.TPESampler(seed=seed)
    )
    started = time.perf_counter()
    study.optimize(trivial, n_trials=n_trials)
    return {"msPerTrial": (time.perf_counter() - started) * 1000 / n_trials}


def scale_worker(url, study_name, seed, n_trials):
    study = optuna.load_study(
        study_name=study_name, storage=url, sampler=optuna.samplers.TPESampler(seed=seed)
    )
    samples = []

    def objective(trial):
        value = trivial(trial)
        samples.append([trial.number, trial.params])
        return value

    print("ready", flush=True)
    sys.stdin.readline()
    cpu = time.process_time()
    study.optimize(objective, n_trials=n_trials)
    return {"samples": samples, "cpuSeconds": time.process_time() - cpu}


def scale_trials(url, study_name):
    study = optuna.load_study(study_name=study_name, storage=url)
    return [{"number": t.number, "state": t.state.name, "params": t.params} for t in study.trials]


def liar_sphere(dimensions, low, high, trial_seconds):
    def objective(trial):
        value = sum((trial.suggest_float(f"x{i}", low, high) - 1) ** 2 for i in range(dimensions))
        time.sleep(trial_seconds())
        return value

    return objective


def liar(mode, url, study_name, startup, dimensions, low, high, *rest):
    startup, dimensions, low, high = int(startup), int(dimensions), float(low), float(high)
    if mode == "liar-setup":
        study = optuna.create_study(
            study_name=study_name, storage=url, sampler=optuna.samplers.RandomSampler(seed=int(rest[0]))
        )
        study.optimize(liar_sphere(dimensions, low, high, lambda: 0), n_trials=startup)
        return {}
    if mode == "liar-worker":
        seed, constant_liar, offset_ms, n_trials, trial_ms = [int(x) for x in rest]
        warnings.simplefilter("ignore")  # constant_liar is experimental in Optuna 3.1
        sampler = optuna.samplers.TPESampler(seed=seed, constant_liar=constant_liar == 1)
        study = optuna.load_study(study_name=study_name, storage=url, sampler=sampler)
        durations = random.Random(seed)
        print("ready", flush=True)
        sys.stdin.readline()
        time.sleep(offset_ms / 1000)
        seconds = lambda: durations.uniform(0.5 * trial_ms, 1.5 * trial_ms) / 1000
        study.optimize(liar_sphere(dimensions, low, high, seconds), n_trials=n_trials)
        return {}
    study = optuna.load_study(study_name=study_name, storage=url)
    return [
        {
            "number": t.number,
            "params": t.params,
            "start": t.datetime_start.timestamp() * 1000,
            "complete": None if t.datetime_complete is None else t.datetime_complete.timestamp() * 1000,
        }
        for t in study.trials
    ]


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "scale-create":
        optuna.create_study(study_name=sys.argv[3], storage=sys.argv[2])
        result = {}
    elif mode == "scale-worker":
        result = scale_worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif mode == "scale-trials":
        result = scale_trials(sys.argv[2], sys.argv[3])
    elif mode.startswith("liar-"):
        result = liar(*sys.argv[1:])
    elif mode == "quality":
        result = quality(
            sys.argv[2],
            sys.argv[3],
            [int(s) for s in sys.argv[4].split(",")],
            [int(n) for n in sys.argv[5].split(",")],
            int(sys.argv[6]),
        )
    else:
        result = overhead(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    print(json.dumps(result))
