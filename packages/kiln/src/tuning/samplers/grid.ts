import type { Distribution, ParamValue } from '../distributions.js';
import type { FrozenTrial, JsonValue } from '../frozenTrial.js';
import { SeededRandom } from '../seededRandom.js';
import type { StudyView } from '../studyView.js';
import type { Sampler } from './base.js';

export interface GridSamplerOptions {
  readonly seed?: number;
}

const GRID_ID = 'gridId';

/**
 * Tries every combination of the given values once (Optuna's GridSampler). Each trial takes a
 * random point no trial has taken yet, so workers sharing a storage spread over the grid; once
 * every point is done, the sampler stops the study.
 */
export class GridSampler implements Sampler {
  private readonly names: string[];
  private readonly points: Record<string, ParamValue>[];
  private readonly random: SeededRandom;

  constructor(searchSpace: Readonly<Record<string, readonly ParamValue[]>>, options: GridSamplerOptions = {}) {
    this.names = Object.keys(searchSpace).sort();
    for (const name of this.names) {
      if (searchSpace[name]!.length === 0)
        throw new RangeError(`GridSampler: parameter '${name}' has no values to try`);
    }
    this.points = this.names.reduce<Record<string, ParamValue>[]>(
      (points, name) => points.flatMap((point) => searchSpace[name]!.map((value) => ({ ...point, [name]: value }))),
      [{}],
    );
    this.random = new SeededRandom(options.seed);
  }

  /** How many points the grid has. */
  get size(): number {
    return this.points.length;
  }

  beforeTrial(study: StudyView, trial: FrozenTrial): Record<string, JsonValue> | undefined {
    if (typeof trial.systemAttrs[GRID_ID] === 'number') return undefined; // a retried or enqueued point
    const { finished, taken } = this.visited(study, trial);
    let open = this.openPoints(taken);
    // Every point has a trial: help finish the ones still running rather than start nothing.
    if (open.length === 0) open = this.openPoints(finished);
    if (open.length === 0) open = this.points.map((_, id) => id);
    return { [GRID_ID]: open[this.random.integer(0, open.length - 1)]! };
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    const id = trial.systemAttrs[GRID_ID];
    if (typeof id !== 'number')
      throw new Error(`GridSampler: trial ${trial.number} has no grid point (was it started by this sampler?)`);
    const value = this.points[id]?.[name];
    if (value === undefined) {
      throw new Error(
        `GridSampler: parameter '${name}' (${distribution.type}) is not in the grid [${this.names.join(', ')}]; add it to the search space`,
      );
    }
    return value;
  }

  afterTrial(study: StudyView, trial: FrozenTrial): void {
    const { finished } = this.visited(study, trial);
    finished.add(trial.systemAttrs[GRID_ID] as number);
    if (finished.size >= this.points.length) study.stop();
  }

  private visited(study: StudyView, current: FrozenTrial): { finished: Set<number>; taken: Set<number> } {
    const finished = new Set<number>();
    const taken = new Set<number>();
    for (const trial of study.getTrials()) {
      const id = trial.systemAttrs[GRID_ID];
      if (typeof id !== 'number' || trial.trialId === current.trialId) continue;
      if (trial.state === 'RUNNING' || trial.state === 'WAITING') taken.add(id);
      else finished.add(id);
    }
    for (const id of finished) taken.add(id);
    return { finished, taken };
  }

  private openPoints(excluded: ReadonlySet<number>): number[] {
    return this.points.flatMap((_, id) => (excluded.has(id) ? [] : [id]));
  }
}
