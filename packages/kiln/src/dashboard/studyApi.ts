import type {
  FrozenTrial,
  Storage,
  StudyDigest,
  TrialPageQuery,
  TrialPages,
  TrialSortKey,
  TrialState,
} from '../tuning/index.js';
import { trialBasics, type TrialBasics } from '../reports/charts/studyCharts.js';
import { chartsFor } from './studyChartEndpoints.js';
import type { StudySnapshots } from './studySnapshots.js';

/** The most trials one page of the table holds. */
export const MAX_PAGE = 500;

const trialStates: readonly TrialState[] = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];
const sortKeys: readonly TrialSortKey[] = ['number', 'value', 'state', 'start', 'duration'];

/** A request the API refuses, with the status and the reason it sends back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A trial as the table shows it: no intermediate values or attributes. */
export interface TrialRowJson extends TrialBasics {
  readonly params: Readonly<Record<string, unknown>>;
}

function rowOf(trial: FrozenTrial): TrialRowJson {
  return { ...trialBasics(trial), params: trial.params };
}

function integerParam(search: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = search.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max)
    throw new ApiError(400, `${name} must be an integer from 0 to ${max}, got '${text}'`);
  return value;
}

function numberParam(search: URLSearchParams, name: string): number | undefined {
  const text = search.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ApiError(400, `${name} must be a number, got '${text}'`);
  return value;
}

/** The table's query string (`offset`, `limit`, `sort`, `order`, `state`, `param`, `min`, `max`, `equals`) as a page query. */
export function parseTrialQuery(search: URLSearchParams): TrialPageQuery {
  const sort = search.get('sort') ?? 'number';
  let sortBy: TrialPageQuery['sortBy'];
  if (sort.startsWith('param:') && sort.length > 'param:'.length) sortBy = { param: sort.slice('param:'.length) };
  else if ((sortKeys as readonly string[]).includes(sort)) sortBy = sort as TrialSortKey;
  else throw new ApiError(400, `sort must be one of ${sortKeys.join(', ')} or param:NAME, got '${sort}'`);
  const order = search.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new ApiError(400, `order must be asc or desc, got '${order}'`);
  const stateText = search.get('state');
  const states = stateText ? stateText.split(',') : undefined;
  const unknown = states?.find((state) => !(trialStates as readonly string[]).includes(state));
  if (unknown !== undefined)
    throw new ApiError(400, `state must be a comma-separated list of ${trialStates.join(', ')}, got '${unknown}'`);
  const paramName = search.get('param');
  const equalsText = search.get('equals');
  const param = paramName
    ? {
        name: paramName,
        min: numberParam(search, 'min'),
        max: numberParam(search, 'max'),
        ...(equalsText === null || equalsText === '' ? {} : { equals: parseChoice(equalsText) }),
      }
    : undefined;
  return {
    offset: integerParam(search, 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: integerParam(search, 'limit', 50, MAX_PAGE),
    sortBy,
    descending: order === 'desc',
    ...(states ? { states: states as TrialState[] } : {}),
    ...(param ? { param } : {}),
  };
}

/** `equals=` as the parameter value it names: JSON when it parses (numbers, true, "quoted"), else the text itself. */
function parseChoice(text: string): string | number | boolean | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      return value as string | number | boolean | null;
  } catch {
    // Plain text: a categorical choice such as adam.
  }
  return text;
}

export async function studyPage(pages: TrialPages, studyId: number, query: TrialPageQuery) {
  const page = await pages.getTrialPage(studyId, query);
  return { total: page.total, offset: query.offset, limit: query.limit, trials: page.trials.map(rowOf) };
}

/** The study's facts the page shows above its table (name, direction, counts per state, parameter names) and its charts' names. */
export async function studyFacts(storage: Storage, pages: TrialPages, studyId: number, digest: StudyDigest) {
  const [name, directions, userAttrs, latest] = await Promise.all([
    storage.getStudyName(studyId),
    storage.getStudyDirections(studyId),
    storage.getStudyUserAttrs(studyId),
    pages.getTrialPage(studyId, { offset: 0, limit: 50, sortBy: 'number', descending: true }),
  ]);
  const trials = Object.values(digest.states).reduce((sum, count) => sum + count, 0);
  const params = [...new Set(latest.trials.flatMap((trial) => Object.keys(trial.params)))].sort();
  const charts = chartsFor(directions.length).map((entry) => entry.name);
  return {
    studyId,
    name,
    direction: directions[0]!,
    directions,
    userAttrs,
    trials,
    states: digest.states,
    params,
    charts,
  };
}

/** One chart of the study as `{ chart }`, null when the study has nothing to draw in it yet; 404 for a name the study has no chart by. */
export async function studyChart(snapshots: StudySnapshots, studyId: number, digest: StudyDigest, name: string) {
  const snapshot = await snapshots.get(studyId, digest.version);
  const charts = chartsFor(snapshot.directions.length);
  const entry = charts.find((candidate) => candidate.name === name);
  if (!entry)
    throw new ApiError(404, `no chart named '${name}' (this study's charts: ${charts.map((c) => c.name).join(', ')})`);
  return { chart: await entry.chart.build(snapshot, Date.now(), entry.objective) };
}
