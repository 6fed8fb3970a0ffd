import type { EnsembleShape } from './base.js';
import { accuracy, logLoss } from '../../metrics/classification.js';
import type { Labels, ProbabilityMatrix } from '../../metrics/probabilityMatrix.js';
import { WeightedMeanEnsembler, type WeightedMeanState } from './weightedMean.js';

/** The validation metric ensemble selection greedily improves. */
export type SelectionMetric = 'logLoss' | 'accuracy';

export interface EnsembleSelectionOptions {
  /** How many members are added in all, repeats included (auto-sklearn's `ensemble_size`). */
  readonly rounds?: number;
  /** Start with the best `initBest` single members, each once, before the greedy rounds. */
  readonly initBest?: number;
  readonly metric?: SelectionMetric;
}

export interface EnsembleSelectionState extends WeightedMeanState {
  readonly method: 'select';
  readonly rounds: number;
  readonly metric: SelectionMetric;
  /** The validation metric of the running average after each addition. */
  readonly history: readonly number[];
}

/**
 * Greedy ensemble selection with replacement (Caruana et al., 2004), as auto-sklearn does it:
 * start from an empty ensemble (or the best `initBest` members), and in each round add the member,
 * possibly again, whose addition gives the running average the best validation metric; after
 * `rounds` additions the weights are each member's count / rounds. Ties go to the lower member index.
 */
export class EnsembleSelectionEnsembler extends WeightedMeanEnsembler<EnsembleSelectionState> {
  readonly method = 'select';
  readonly rounds: number;
  readonly initBest: number;
  readonly metric: SelectionMetric;
  history: number[] = [];

  constructor(options: EnsembleSelectionOptions = {}) {
    super();
    this.rounds = options.rounds ?? 50;
    this.initBest = options.initBest ?? 0;
    this.metric = options.metric ?? 'logLoss';
    if (!Number.isInteger(this.rounds) || this.rounds < 1) {
      throw new Error(`ensemble selection needs rounds >= 1, got ${this.rounds}`);
    }
    if (!Number.isInteger(this.initBest) || this.initBest < 0 || this.initBest > this.rounds) {
      throw new Error(`initBest must be an integer in [0, rounds = ${this.rounds}], got ${this.initBest}`);
    }
  }

  static fromState(state: EnsembleSelectionState): EnsembleSelectionEnsembler {
    const ensembler = new EnsembleSelectionEnsembler({ rounds: state.rounds, metric: state.metric });
    ensembler.restoreWeights(state);
    ensembler.history = [...state.history];
    return ensembler;
  }

  protected fitValidated(members: readonly ProbabilityMatrix[], labels: Labels): void {
    if (this.initBest > members.length) {
      throw new Error(`initBest = ${this.initBest} asks for more members than the ${members.length} given`);
    }
    const { rows, classes } = members[0];
    // Lower is better for both metrics.
    const loss = (probabilities: ProbabilityMatrix): number =>
      this.metric === 'logLoss' ? logLoss(probabilities, labels) : -accuracy(probabilities, labels);
    const counts = members.map(() => 0);
    const sum = new Float64Array(rows * classes);
    const candidate = new Float32Array(rows * classes);
    const averageWith = (member: ProbabilityMatrix, total: number): ProbabilityMatrix => {
      for (let i = 0; i < candidate.length; i++) candidate[i] = (sum[i] + member.data[i]) / total;
      return { data: candidate, rows, classes };
    };
    const add = (index: number, score: number): void => {
      counts[index]++;
      for (let i = 0; i < sum.length; i++) sum[i] += members[index].data[i];
      this.history.push(this.metric === 'logLoss' ? score : -score);
    };
    this.history = [];
    const singles = members.map((member) => loss(member));
    const ranked = singles
      .map((score, index) => ({ score, index }))
      .sort((a, b) => a.score - b.score || a.index - b.index);
    for (const { index } of ranked.slice(0, this.initBest))
      add(index, loss(averageWith(members[index], this.history.length + 1)));
    while (this.history.length < this.rounds) {
      let best = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      members.forEach((member, index) => {
        const score = loss(averageWith(member, this.history.length + 1));
        if (score < bestScore) [best, bestScore] = [index, score];
      });
      add(best, bestScore);
    }
    this.fittedWeights = counts.map((count) => count / this.rounds);
  }

  protected stateOf(shape: EnsembleShape): EnsembleSelectionState {
    return {
      ...this.weightedStateOf(shape),
      method: this.method,
      rounds: this.rounds,
      metric: this.metric,
      history: [...this.history],
    };
  }
}
