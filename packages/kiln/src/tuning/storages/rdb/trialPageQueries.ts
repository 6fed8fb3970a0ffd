import type { JsonValue } from '../../frozenTrial.js';
import type { FrozenTrial } from '../../frozenTrial.js';
import type { TrialState } from '../../frozenTrial.js';
import {
  countStates,
  type StudyDigest,
  type TrialOutline,
  type TrialOutlineQuery,
  type TrialPage,
  type TrialPageQuery,
  type TrialSortKey,
} from '../../trialPages.js';
import type { SqlSession, SqlValue } from './sqlDriver.js';
import {
  frozenTrialsFromRows,
  type AttrRow,
  type IntermediateValueRow,
  type ValueRow,
  type ParamRow,
  type TrialRow,
} from './trialRows.js';

/** A JSON parameter value as a number, NULL for strings, booleans and null (CASE, so the CAST never sees them). */
function numericJson(column: string): string {
  return `(CASE WHEN ${column} LIKE '"%' OR ${column} IN ('true', 'false', 'null') THEN NULL ELSE CAST(${column} AS DOUBLE PRECISION) END)`;
}

const sortColumns = {
  number: 't.number',
  value: 't.value',
  state: 't.state',
  start: 't.datetime_start',
  duration: '(t.datetime_complete - t.datetime_start)',
} as const;

/** The FROM and WHERE of a page query with its parameters; `sortParam` adds the joined parameter to sort by. */
function fromWhere(studyId: number, query: TrialPageQuery, sortParam: boolean): [string, SqlValue[]] {
  const joins: string[] = [];
  const conditions = ['t.study_id = ?'];
  const joinParams: SqlValue[] = [];
  const whereParams: SqlValue[] = [studyId];
  if (query.states) {
    conditions.push(`t.state IN (${query.states.map(() => '?').join(', ')})`);
    whereParams.push(...query.states);
  }
  const { param } = query;
  if (param) {
    joins.push('JOIN kiln_trial_params fp ON fp.trial_id = t.trial_id AND fp.name = ?');
    joinParams.push(param.name);
    if (param.equals !== undefined) {
      conditions.push('fp.value_json = ?');
      whereParams.push(JSON.stringify(param.equals));
    }
    if (param.min !== undefined) {
      conditions.push(`${numericJson('fp.value_json')} >= ?`);
      whereParams.push(param.min);
    }
    if (param.max !== undefined) {
      conditions.push(`${numericJson('fp.value_json')} <= ?`);
      whereParams.push(param.max);
    }
  }
  if (sortParam && typeof query.sortBy === 'object') {
    joins.push('LEFT JOIN kiln_trial_params sp ON sp.trial_id = t.trial_id AND sp.name = ?');
    joinParams.push(query.sortBy.param);
  }
  return [`FROM kiln_trials t ${joins.join(' ')} WHERE ${conditions.join(' AND ')}`, [...joinParams, ...whereParams]];
}

/** Columns no trial lacks: sorted by the column alone, so the (study_id, number) index gives the order. */
const notNullSortKeys: readonly TrialSortKey[] = ['number', 'state'];

function orderBy(query: TrialPageQuery): string {
  const direction = query.descending ? 'DESC' : 'ASC';
  const { sortBy } = query;
  if (sortBy === 'number') return `ORDER BY t.number ${direction}`;
  // (x IS NULL) first puts trials without the value last in both databases, whatever the direction.
  const keys =
    typeof sortBy === 'object'
      ? ['(sp.value_json IS NULL)', `${numericJson('sp.value_json')} ${direction}`, `sp.value_json ${direction}`]
      : notNullSortKeys.includes(sortBy)
        ? [`${sortColumns[sortBy]} ${direction}`]
        : [`(${sortColumns[sortBy]} IS NULL)`, `${sortColumns[sortBy]} ${direction}`];
  return `ORDER BY ${[...keys, 't.number'].join(', ')}`;
}

/** One page of a study's trials, filtered and sorted by the database. */
export async function queryTrialPage(
  session: SqlSession,
  studyId: number,
  query: TrialPageQuery,
  withValues = false,
): Promise<TrialPage> {
  const [countFrom, countParams] = fromWhere(studyId, query, false);
  const total = Number(
    (await session.query<{ n: number | string }>(`SELECT COUNT(*) AS n ${countFrom}`, countParams)).rows[0]!.n,
  );
  const [from, params] = fromWhere(studyId, query, true);
  const ids = (
    await session.query<{ trial_id: number }>(`SELECT t.trial_id ${from} ${orderBy(query)} LIMIT ? OFFSET ?`, [
      ...params,
      query.limit,
      query.offset,
    ])
  ).rows.map((row) => row.trial_id);
  return { total, trials: await readTrialsById(session, ids, withValues) };
}

/** The trials of a study with these numbers, ordered by number, with all their parts. */
export async function queryTrialsByNumber(
  session: SqlSession,
  studyId: number,
  numbers: readonly number[],
  withValues = false,
): Promise<FrozenTrial[]> {
  if (numbers.length === 0) return [];
  const { rows } = await session.query<{ trial_id: number }>(
    `SELECT trial_id FROM kiln_trials WHERE study_id = ? AND number IN (${numbers.map(() => '?').join(', ')}) ORDER BY number`,
    [studyId, ...numbers],
  );
  return readTrialsById(
    session,
    rows.map((row) => row.trial_id),
    withValues,
  );
}

/**
 * The trials with these ids, in this order, with all their parts; `withValues` for a multi-objective
 * study's values (a file of an older schema has no table of them).
 */
async function readTrialsById(
  session: SqlSession,
  ids: readonly number[],
  withValues: boolean,
): Promise<FrozenTrial[]> {
  if (ids.length === 0) return [];
  const list = `(${ids.map(() => '?').join(', ')})`;
  const read = async <Row>(sql: string): Promise<Row[]> => (await session.query<Row>(sql, ids)).rows;
  const [trials, params, intermediateValues, attrs, values] = await Promise.all([
    read<TrialRow>(
      `SELECT trial_id, number, state, value, datetime_start, datetime_complete FROM kiln_trials WHERE trial_id IN ${list}`,
    ),
    read<ParamRow>(
      `SELECT trial_id, name, value_json, distribution_json FROM kiln_trial_params WHERE trial_id IN ${list}`,
    ),
    read<IntermediateValueRow>(
      `SELECT trial_id, step, value FROM kiln_trial_intermediate_values WHERE trial_id IN ${list}`,
    ),
    read<AttrRow>(`SELECT trial_id, kind, key, value_json FROM kiln_trial_attrs WHERE trial_id IN ${list}`),
    withValues
      ? read<ValueRow>(`SELECT trial_id, objective, value FROM kiln_trial_values WHERE trial_id IN ${list}`)
      : [],
  ]);
  const position = new Map(ids.map((id, index) => [id, index]));
  trials.sort((a, b) => position.get(a.trial_id)! - position.get(b.trial_id)!);
  return frozenTrialsFromRows({ trials, params, intermediateValues, attrs, values });
}

/**
 * The trials' columns (no parameters), with one user attribute when asked; `withValues` for a
 * multi-objective study's values.
 */
export async function queryTrialOutlines(
  session: SqlSession,
  studyId: number,
  query: TrialOutlineQuery = {},
  withValues = false,
): Promise<TrialOutline[]> {
  const { attrKey, states, latest, afterNumber, alsoNumbers = [] } = query;
  const params: SqlValue[] = [];
  let attrJoin = '';
  if (attrKey !== undefined) {
    attrJoin = "LEFT JOIN kiln_trial_attrs a ON a.trial_id = t.trial_id AND a.kind = 'user' AND a.key = ?";
    params.push(attrKey);
  }
  params.push(studyId);
  const stateFilter = states ? `AND t.state IN (${states.map(() => '?').join(', ')})` : '';
  params.push(...(states ?? []));
  const also = alsoNumbers.length > 0 ? ` OR t.number IN (${alsoNumbers.map(() => '?').join(', ')})` : '';
  const numberFilter = afterNumber === undefined ? '' : `AND (t.number > ?${also})`;
  if (afterNumber !== undefined) params.push(afterNumber, ...alsoNumbers);
  // The latest ones are found newest first, then put back in order.
  const order = latest === undefined ? 'ORDER BY t.number' : 'ORDER BY t.number DESC LIMIT ?';
  if (latest !== undefined) params.push(latest);
  const { rows } = await session.query<TrialRow & { attr_json: string | null }>(
    `SELECT t.number, t.state, t.value, t.datetime_start, t.datetime_complete, ${attrKey === undefined ? 'NULL' : 'a.value_json'} AS attr_json
     FROM kiln_trials t ${attrJoin} WHERE t.study_id = ? ${stateFilter} ${numberFilter} ${order}`,
    params,
  );
  if (latest !== undefined) rows.reverse();
  const values = withValues ? await readOutlineValues(session, studyId, rows) : new Map<number, number[]>();
  return rows.map((row) => ({
    number: row.number,
    state: row.state,
    value: row.value,
    // Whole milliseconds, as the Dates of FrozenTrials hold them.
    datetimeStart: row.datetime_start === null ? null : new Date(row.datetime_start).getTime(),
    datetimeComplete: row.datetime_complete === null ? null : new Date(row.datetime_complete).getTime(),
    ...(row.attr_json === null ? {} : { attr: JSON.parse(row.attr_json) as JsonValue }),
    ...(values.has(row.number) ? { values: values.get(row.number)! } : {}),
  }));
}

/** The values of the trials among `rows` that have several, by trial number, in objective order (NULL, a NaN, read back as NaN). */
async function readOutlineValues(
  session: SqlSession,
  studyId: number,
  rows: readonly { readonly number: number }[],
): Promise<Map<number, number[]>> {
  const values = new Map<number, number[]>();
  if (rows.length === 0) return values;
  const numbers = rows.map((row) => row.number);
  const { rows: found } = await session.query<{ number: number; objective: number; value: number | null }>(
    `SELECT t.number, v.objective, v.value FROM kiln_trial_values v JOIN kiln_trials t ON t.trial_id = v.trial_id
     WHERE t.study_id = ? AND t.number BETWEEN ? AND ? ORDER BY t.number, v.objective`,
    [studyId, Math.min(...numbers), Math.max(...numbers)],
  );
  for (const { number, value } of found) {
    const list = values.get(number) ?? [];
    list.push(value ?? Number.NaN);
    values.set(number, list);
  }
  for (const [number, list] of values) if (list.length < 2) values.delete(number);
  return values;
}

/**
 * Trials per state with the highest trial id in each, and the parts running trials have written so
 * far: every change to a study moves one of these (finished states never change back), and the
 * counts come from the (study_id, state) index alone.
 */
export async function queryStudyDigest(session: SqlSession, studyId: number): Promise<StudyDigest> {
  const states = await session.query<{ state: TrialState; n: number | string }>(
    `SELECT state, COUNT(*) AS n, MAX(trial_id) AS last_id
     FROM kiln_trials WHERE study_id = ? GROUP BY state ORDER BY state`,
    [studyId],
  );
  const running = await session.query(
    `SELECT (SELECT COUNT(*) FROM kiln_trial_intermediate_values x JOIN kiln_trials t ON t.trial_id = x.trial_id
             WHERE t.study_id = ? AND t.state = 'RUNNING') AS reports,
            (SELECT COUNT(*) FROM kiln_trial_params x JOIN kiln_trials t ON t.trial_id = x.trial_id
             WHERE t.study_id = ? AND t.state = 'RUNNING') AS params`,
    [studyId, studyId],
  );
  return { states: countStates(states.rows), version: JSON.stringify([states.rows, running.rows]) };
}
