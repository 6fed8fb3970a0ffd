"""Optuna's side of packages/kiln/bench/tuning/multiObjective.ts: the same bi-objective problems, printed as JSON.

  optuna_multi_objective.py PROBLEM SAMPLER SEEDS N_TRIALS PROCESSES
      -> {"values": [per seed, the values of every COMPLETE trial]}

SAMPLER is "nsga2" (NSGAIISampler()) or "tpe" (TPESampler(), multi-objective TPE on a study with two
directions); SEEDS is comma-separated. Keep the problems identical to multiObjectiveProblems.ts.
"""
import json
import math
import multiprocessing
import sys
import warnings

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

OPTIMIZER_ERROR = {"sgd": 0.3, "momentum": 0.22, "adam": 0.15, "rmsprop": 0.18}
OPTIMIZER_BEST_LOG10_LR = {"sgd": -1, "momentum": -1.5, "adam": -3, "rmsprop": -3.5}


def zdt1(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(30)]
    g = 1 + 9 * sum(x[1:]) / 29
    return x[0], g * (1 - math.sqrt(x[0] / g))


def mixed_network(trial):
    optimizer = trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam", "rmsprop"])
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 8)
    units = trial.suggest_int("units", 16, 512, log=True)
    dropout = trial.suggest_float("dropout", 0, 0.5)
    batch_norm = trial.suggest_categorical("batchNorm", [True, False])
    error = (
        OPTIMIZER_ERROR[optimizer]
        + 0.04 * (math.log10(lr) - OPTIMIZER_BEST_LOG10_LR[optimizer]) ** 2
        + 0.3 / (1 + layers * math.log2(units) / 8)
        + 0.5 * (dropout - 0.25) ** 2
        + (0 if batch_norm else 0.05)
    )
    size = layers * units / 512 * (1.15 if batch_norm else 1)
    return error, size


PROBLEMS = {"zdt1": zdt1, "mixed-network": mixed_network}
SAMPLERS = {"nsga2": optuna.samplers.NSGAIISampler, "tpe": optuna.samplers.TPESampler}


def values_of_run(job):
    problem, sampler, seed, n_trials = job
    warnings.simplefilter("ignore")
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=SAMPLERS[sampler](seed=seed))
    study.optimize(PROBLEMS[problem], n_trials=n_trials)
    return [list(t.values) for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]


def main():
    problem, sampler, seeds, n_trials, processes = sys.argv[1:6]
    jobs = [(problem, sampler, int(seed), int(n_trials)) for seed in seeds.split(",")]
    with multiprocessing.Pool(int(processes)) as pool:
        values = pool.map(values_of_run, jobs)
    print(json.dumps({"values": values}))


if __name__ == "__main__":
    main()
