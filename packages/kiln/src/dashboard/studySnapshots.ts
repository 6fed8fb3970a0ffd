import { WORKER_ATTR, type TrialSummary } from '../reports/charts/studyCharts.js';
import { toLosses } from '../tuning/multiObjective/dominance.js';
import { nonDominatedIndices } from '../tuning/multiObjective/paretoFront.js';
import {
  metricNamesOf,
  type FrozenTrial,
  type Storage,
  type StudyDirection,
  type TrialOutline,
  type TrialPages,
} from '../tuning/index.js';

/** Trials the sample behind the parameter plots and intermediate values holds at most. */
export const SAMPLED_TRIALS = 1000;
/** Of those, the best COMPLETE trials, always kept. */
export const BEST_KEPT = 50;
/** And the latest trials (running ones among them), always kept so the live view moves. */
export const LATEST_KEPT = 200;
/** Studies whose snapshot is kept between requests. */
const CACHED_STUDIES = 16;

/** Trials read whole (parameters, intermediate values) for the plots that need them, and how they were chosen. */
export interface TrialSample {
  readonly trials: readonly FrozenTrial[];
  /** How many trials the study has: more than `trials.length` when this is a sample. */
  readonly total: number;
  /** How the sample was chosen, for the charts' titles; null when it holds every trial. */
  readonly note: string | null;
}

/** What a study's charts are drawn from at one version of the study, read once and shared by the chart requests. */
export interface StudySnapshot {
  /** The first objective's direction (the only one of a single-objective study). */
  readonly direction: StudyDirection;
  /** One per objective. */
  readonly directions: readonly StudyDirection[];
  /** The objectives' names (`study.setMetricNames`), or null. */
  readonly metricNames: readonly string[] | null;
  /** Every trial without its parameters, ordered by number (the history and timeline). */
  readonly summaries: readonly TrialSummary[];
  /** The capped sample of whole trials, read on first use. */
  sample(): Promise<TrialSample>;
}

export interface SampledNumbers {
  readonly numbers: number[];
  readonly note: string | null;
}

/**
 * The trial numbers the parameter plots draw when a study has more than `cap` trials: the
 * `BEST_KEPT` best COMPLETE ones (of a study of several objectives, trials of its Pareto front),
 * the `LATEST_KEPT` latest ones and every `stride`-th trial, the stride a power of two so the
 * sample stays the same as trials are added (until the study doubles).
 */
export function sampleTrialNumbers(
  summaries: readonly TrialSummary[],
  directions: readonly StudyDirection[],
  cap = SAMPLED_TRIALS,
): SampledNumbers {
  if (summaries.length <= cap) return { numbers: summaries.map((trial) => trial.number), note: null };
  const best = (directions.length > 1 ? paretoFrontOf(summaries, directions) : bestOf(summaries, directions[0]!))
    .slice(0, BEST_KEPT)
    .map((trial) => trial.number);
  const latest = summaries.slice(-LATEST_KEPT).map((trial) => trial.number);
  const evenShare = Math.max(1, cap - BEST_KEPT - LATEST_KEPT);
  let stride = 1;
  while (summaries.length / stride > evenShare) stride *= 2;
  const even = summaries.filter((trial) => trial.number % stride === 0).map((trial) => trial.number);
  const numbers = [...new Set([...best, ...latest, ...even])].sort((a, b) => a - b);
  const count = (n: number) => n.toLocaleString('en-US');
  return {
    numbers,
    note:
      `${count(numbers.length)} of ${count(summaries.length)} trials: ` +
      `${directions.length > 1 ? `${best.length} of the Pareto front` : `the ${best.length} best`}, ` +
      `the latest ${latest.length} and one in every ${stride}`,
  };
}

/** The COMPLETE trials by value, best first (ties: the earlier trial). */
function bestOf(summaries: readonly TrialSummary[], direction: StudyDirection): TrialSummary[] {
  const sign = direction === 'maximize' ? -1 : 1;
  return summaries
    .filter((trial) => trial.state === 'COMPLETE' && trial.value !== null)
    .sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number);
}

/** The COMPLETE trials no other dominates, best on the first objective first. */
function paretoFrontOf(summaries: readonly TrialSummary[], directions: readonly StudyDirection[]): TrialSummary[] {
  const complete = summaries.filter(
    (trial) => trial.state === 'COMPLETE' && trial.values?.length === directions.length,
  );
  return nonDominatedIndices(complete.map((trial) => toLosses(trial.values!, directions))).map(
    (index) => complete[index]!,
  );
}

function summaryOf(outline: TrialOutline): TrialSummary {
  return {
    number: outline.number,
    state: outline.state,
    value: outline.value,
    start: outline.datetimeStart,
    complete: outline.datetimeComplete,
    ...(typeof outline.attr === 'string' ? { worker: outline.attr } : {}),
    ...(outline.values !== undefined ? { values: outline.values } : {}),
  };
}

/** Unfinished trials beyond which a snapshot is read anew rather than updated (their numbers go into the query). */
const MAX_REREAD = 500;

const unfinished = (trial: { readonly state: string }): boolean =>
  trial.state === 'RUNNING' || trial.state === 'WAITING';

/** A snapshot and what the next one can reuse: the whole trials of its sample that are finished (they never change). */
interface CachedSnapshot {
  readonly version: string;
  readonly snapshot: Promise<StudySnapshot>;
  /** Filled when this snapshot's sample is read. */
  readonly finishedSample: Map<number, FrozenTrial>;
  /** What this snapshot's sample may reuse: the last read sample's finished trials, passed on until a sample is read. */
  readonly reusable: ReadonlyMap<number, FrozenTrial> | undefined;
}

/**
 * Snapshots of studies, one per study, each kept until the study's version (its digest) changes: a
 * page's chart requests, and every viewer's, share one read of the study per change. A new version
 * is read from the last one: only the trials added since and those that were unfinished are read
 * again, since a finished trial never changes.
 */
export class StudySnapshots {
  private readonly cache = new Map<number, CachedSnapshot>();

  constructor(
    private readonly storage: Storage,
    private readonly pages: TrialPages,
  ) {}

  get(studyId: number, version: string): Promise<StudySnapshot> {
    const previous = this.cache.get(studyId);
    if (previous?.version === version) return previous.snapshot;
    const finishedSample = new Map<number, FrozenTrial>();
    const reusable = previous && previous.finishedSample.size > 0 ? previous.finishedSample : previous?.reusable;
    const snapshot = this.read(studyId, previous?.snapshot, reusable, finishedSample);
    this.cache.delete(studyId);
    this.cache.set(studyId, { version, snapshot, finishedSample, reusable });
    if (this.cache.size > CACHED_STUDIES) this.cache.delete(this.cache.keys().next().value!);
    // A failed read is not kept: the next request reads the study whole.
    snapshot.catch(() => {
      if (this.cache.get(studyId)?.snapshot === snapshot) this.cache.delete(studyId);
    });
    return snapshot;
  }

  private async read(
    studyId: number,
    previous: Promise<StudySnapshot> | undefined,
    reusable: ReadonlyMap<number, FrozenTrial> | undefined,
    finishedSample: Map<number, FrozenTrial>,
  ): Promise<StudySnapshot> {
    const [directions, userAttrs, summaries] = await Promise.all([
      this.storage.getStudyDirections(studyId),
      this.storage.getStudyUserAttrs(studyId),
      this.readSummaries(studyId, await previous?.catch(() => undefined)),
    ]);
    const direction = directions[0]!;
    let sample: Promise<TrialSample> | undefined;
    return {
      direction,
      directions,
      metricNames: metricNamesOf(userAttrs, directions.length),
      summaries,
      sample: () => {
        sample ??= this.readSample(studyId, summaries, directions, reusable, finishedSample).catch((error: unknown) => {
          sample = undefined;
          throw error;
        });
        return sample;
      },
    };
  }

  /** Every trial's summary: the last snapshot's with the trials added or unfinished since read again, else all read. */
  private async readSummaries(studyId: number, previous: StudySnapshot | undefined): Promise<TrialSummary[]> {
    const reread = previous?.summaries.filter(unfinished).map((trial) => trial.number) ?? [];
    if (previous === undefined || reread.length > MAX_REREAD)
      return (await this.pages.getTrialOutlines(studyId, { attrKey: WORKER_ATTR })).map(summaryOf);
    const changed = await this.pages.getTrialOutlines(studyId, {
      attrKey: WORKER_ATTR,
      afterNumber: previous.summaries.at(-1)?.number ?? -1,
      alsoNumbers: reread,
    });
    const updated = new Map(changed.map((outline) => [outline.number, summaryOf(outline)]));
    const summaries = previous.summaries.map((trial) => updated.get(trial.number) ?? trial);
    const last = summaries.at(-1)?.number ?? -1;
    summaries.push(...[...updated.values()].filter((trial) => trial.number > last));
    return summaries;
  }

  /** The sample's whole trials: those finished in the last sample reused, the others read. */
  private async readSample(
    studyId: number,
    summaries: readonly TrialSummary[],
    directions: readonly StudyDirection[],
    reusable: ReadonlyMap<number, FrozenTrial> | undefined,
    finished: Map<number, FrozenTrial>,
  ): Promise<TrialSample> {
    const { numbers, note } = sampleTrialNumbers(summaries, directions);
    const read = await this.pages.getTrialsByNumber(
      studyId,
      numbers.filter((number) => !reusable?.has(number)),
    );
    const byNumber = new Map(read.map((trial) => [trial.number, trial]));
    const trials = numbers.flatMap((number) => {
      const trial = reusable?.get(number) ?? byNumber.get(number);
      return trial ? [trial] : [];
    });
    for (const trial of trials) if (!unfinished(trial)) finished.set(trial.number, trial);
    return { trials, total: summaries.length, note };
  }
}
