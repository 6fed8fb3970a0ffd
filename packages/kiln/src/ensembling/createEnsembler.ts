import { AveragingEnsembler, type AveragingState } from './ensemblers/averaging.js';
import type { EnsembleMethod, Ensembler } from './ensemblers/base.js';
import {
  EnsembleSelectionEnsembler,
  type EnsembleSelectionOptions,
  type EnsembleSelectionState,
} from './ensemblers/selection.js';
import { StackingEnsembler, type StackingOptions, type StackingState } from './ensemblers/stacking.js';
import { VotingEnsembler, type Voting, type VotingState } from './ensemblers/voting.js';
import {
  WeightedAveragingEnsembler,
  type WeightedAveragingOptions,
  type WeightedAveragingState,
} from './ensemblers/weightedAveraging.js';

export const ENSEMBLE_METHODS: readonly EnsembleMethod[] = ['average', 'weighted', 'vote', 'select', 'stack'];

/** The options of every method, keyed by method; each method reads only its own. */
export interface EnsemblerOptions {
  readonly weighted?: WeightedAveragingOptions;
  readonly vote?: { readonly voting?: Voting };
  readonly select?: EnsembleSelectionOptions;
  readonly stack?: StackingOptions;
}

/** A new, unfitted ensembler for `method`. */
export function createEnsembler(method: EnsembleMethod, options: EnsemblerOptions = {}): Ensembler {
  switch (method) {
    case 'average':
      return new AveragingEnsembler();
    case 'weighted':
      return new WeightedAveragingEnsembler(options.weighted);
    case 'vote':
      return new VotingEnsembler(options.vote);
    case 'select':
      return new EnsembleSelectionEnsembler(options.select);
    case 'stack':
      return new StackingEnsembler(options.stack);
    default:
      throw new Error(`unknown ensemble method '${String(method)}': use one of ${ENSEMBLE_METHODS.join(', ')}`);
  }
}

/** A fitted ensembler from the JSON `getState()` returned; checks every field first. */
export function ensemblerFromState(state: unknown): Ensembler {
  const record = asRecord(state, 'ensemble state');
  const method = oneOf(record, 'method', ENSEMBLE_METHODS);
  const memberCount = integerAtLeast(record, 'memberCount', 1);
  const classes = integerAtLeast(record, 'classes', 2);
  const shape = { memberCount, classes };
  switch (method) {
    case 'average':
      return AveragingEnsembler.fromState({ method, ...shape } satisfies AveragingState);
    case 'vote':
      return VotingEnsembler.fromState({
        method,
        ...shape,
        voting: oneOf(record, 'voting', ['hard', 'soft'] as const),
      } satisfies VotingState);
    case 'weighted':
      return WeightedAveragingEnsembler.fromState({
        method,
        ...shape,
        weights: weightsOf(record, memberCount),
      } satisfies WeightedAveragingState);
    case 'select':
      return EnsembleSelectionEnsembler.fromState({
        method,
        ...shape,
        weights: weightsOf(record, memberCount),
        rounds: integerAtLeast(record, 'rounds', 1),
        metric: oneOf(record, 'metric', ['logLoss', 'accuracy'] as const),
        history: numbers(record, 'history'),
      } satisfies EnsembleSelectionState);
    case 'stack':
      return StackingEnsembler.fromState({
        method,
        ...shape,
        features: oneOf(record, 'features', ['probabilities', 'logProbabilities'] as const),
        l2: nonNegativeNumber(record, 'l2'),
        folds: integerAtLeast(record, 'folds', 2),
        parameters: numbers(record, 'parameters'),
        featureMeans: numbers(record, 'featureMeans'),
        featureScales: numbers(record, 'featureScales'),
      } satisfies StackingState);
  }
}

function asRecord(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

function oneOf<T extends string>(record: Record<string, unknown>, key: string, allowed: readonly T[]): T {
  const value = record[key];
  if (!allowed.includes(value as T)) {
    throw new Error(`ensemble state field '${key}' is ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function integerAtLeast(record: Record<string, unknown>, key: string, minimum: number): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new Error(`ensemble state field '${key}' is ${JSON.stringify(value)}; expected an integer >= ${minimum}`);
  }
  return value;
}

function nonNegativeNumber(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new Error(`ensemble state field '${key}' is ${JSON.stringify(value)}; expected a finite number >= 0`);
  }
  return value;
}

function numbers(record: Record<string, unknown>, key: string): number[] {
  const value = record[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    throw new Error(`ensemble state field '${key}' must be an array of finite numbers`);
  }
  return value as number[];
}

function weightsOf(record: Record<string, unknown>, memberCount: number): number[] {
  const weights = numbers(record, 'weights');
  if (weights.length !== memberCount || weights.some((weight) => weight < 0)) {
    throw new Error(`ensemble state field 'weights' must hold ${memberCount} non-negative numbers, one per member`);
  }
  return weights;
}
