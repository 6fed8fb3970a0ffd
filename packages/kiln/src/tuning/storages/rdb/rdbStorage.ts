import { describeDistribution, distributionsEqual } from '../../distributionRules.js';
import type { Distribution, ParamValue } from '../../distributions.js';
import type { FrozenTrial, JsonValue, StudyDirection, StudySummary, TrialState } from '../../frozenTrial.js';
import { DuplicatedStudyError, StudyNotFoundError, type Storage, type TrialTemplate } from '../base.js';
import type {
  StudyDigest,
  TrialOutline,
  TrialOutlineQuery,
  TrialPage,
  TrialPageQuery,
  TrialPages,
} from '../../trialPages.js';
import { hasMultiObjectiveTables, inspectSchema } from './schema.js';
import type { SqlDriver, SqlSession, SqlValue } from './sqlDriver.js';
import { queryStudyDigest, queryTrialOutlines, queryTrialPage, queryTrialsByNumber } from './trialPageQueries.js';
import {
  frozenTrialsFromRows,
  type AttrRow,
  type IntermediateValueRow,
  type ParamRow,
  type TrialRow,
  type ValueRow,
} from './trialRows.js';
import { checkDirections, checkValues } from '../../objectiveValues.js';

type AttrKind = AttrRow['kind'];
/** A column a write sets: its name, its SQL type (PostgreSQL needs a CAST in INSERT ... SELECT) and its value. */
type Column = readonly [name: string, type: string, value: SqlValue];

const finishedStates: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];
/** Above this many, a read's new and unfinished trials are read with the whole study rather than listed by id. */
const maxTrialsReadById = 500;

/** NaN is no value: SQLite would store it as NULL anyway, so both storages agree. */
function storableNumber(value: number | null | undefined): number | null {
  return value === undefined || value === null || Number.isNaN(value) ? null : value;
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** The FROM of guarded writes: they insert nothing unless the trial (the last `?`) exists and is not finished. */
const fromUnfinishedTrial = "FROM kiln_trials WHERE trial_id = ? AND state IN ('RUNNING', 'WAITING')";
/** The FROM of writes that go with a state change made in the same transaction. */
const fromTrial = 'FROM kiln_trials WHERE trial_id = ?';

/** The key and data columns of a param's row. */
function paramColumns(name: string, value: ParamValue, distribution: Distribution): [Column[], Column[]] {
  return [
    [['name', 'TEXT', name]],
    [
      ['value_json', 'TEXT', JSON.stringify(value)],
      ['distribution_json', 'TEXT', JSON.stringify(distribution)],
    ],
  ];
}

function trialFinished(number: number, state: TrialState): Error {
  return new Error(`trial ${number} is already ${state}: a finished trial cannot be changed`);
}

function trialNotFound(trialId: number): Error {
  return new Error(`no trial with id ${trialId} in this storage`);
}

function studyIdNotFound(studyId: number): Error {
  return new Error(`no study with id ${studyId} in this storage (was it deleted?)`);
}

/**
 * The Storage on a relational database (Optuna's RDBStorage), written once over `SqlDriver`:
 * trial numbers come from a per-study counter bumped in the trial's insert transaction, and every
 * state change is a compare-and-set on the trial's current state.
 */
export class RdbStorage implements Storage, TrialPages {
  /** Whether the database has the multi-objective tables (a version 1 file opened read-only has not). */
  private multiObjectiveTables: Promise<boolean> | undefined;
  /** Directions never change once a study exists: read once per study. */
  private readonly directionsCache = new Map<number, StudyDirection[]>();
  /**
   * The finished trials read so far, by id. A finished trial never changes (every write to a trial
   * is guarded by its being unfinished), so each read lists the study's trial rows but reads the
   * params, reports and attrs only of trials that were unfinished or new (as Optuna's cached RDB
   * storage does).
   */
  private readonly finishedTrials = new Map<number, FrozenTrial>();

  protected constructor(private readonly driver: SqlDriver) {}

  private get now(): string {
    return this.driver.dialect.nowMs;
  }

  async createStudy(studyName: string, direction: StudyDirection | readonly StudyDirection[]): Promise<number> {
    const directions = checkDirections(direction);
    try {
      return await this.driver.transaction(async (session) => {
        const { rows } = await session.query<{ study_id: number }>(
          'INSERT INTO kiln_studies (study_name, direction) VALUES (?, ?) RETURNING study_id',
          [studyName, directions[0]!],
        );
        const studyId = rows[0]!.study_id;
        if (directions.length > 1) {
          for (const [objective, each] of directions.entries())
            await session.query('INSERT INTO kiln_study_directions (study_id, objective, direction) VALUES (?, ?, ?)', [
              studyId,
              objective,
              each,
            ]);
        }
        return studyId;
      });
    } catch (error) {
      if (this.driver.isUniqueViolation(error)) throw new DuplicatedStudyError(studyName);
      throw error;
    }
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    const { rows } = await this.driver.query<{ study_id: number }>(
      'SELECT study_id FROM kiln_studies WHERE study_name = ?',
      [studyName],
    );
    if (!rows[0]) throw new StudyNotFoundError(studyName);
    return rows[0].study_id;
  }

  async getStudyName(studyId: number): Promise<string> {
    return (await this.studyRow(studyId)).study_name;
  }

  async getStudyDirection(studyId: number): Promise<StudyDirection> {
    return (await this.studyRow(studyId)).direction;
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    const cached = this.directionsCache.get(studyId);
    if (cached !== undefined) return [...cached];
    const first = (await this.studyRow(studyId)).direction;
    let directions = [first];
    if (await this.hasMultiObjectiveTables()) {
      const { rows } = await this.driver.query<{ direction: StudyDirection }>(
        'SELECT direction FROM kiln_study_directions WHERE study_id = ? ORDER BY objective',
        [studyId],
      );
      if (rows.length > 0) directions = rows.map((row) => row.direction);
    }
    this.directionsCache.set(studyId, directions);
    return [...directions];
  }

  private hasMultiObjectiveTables(): Promise<boolean> {
    this.multiObjectiveTables ??= inspectSchema(this.driver, this.driver.dialect).then(hasMultiObjectiveTables);
    return this.multiObjectiveTables;
  }

  private async studyRow(studyId: number): Promise<{ study_name: string; direction: StudyDirection }> {
    const { rows } = await this.driver.query<{ study_name: string; direction: StudyDirection }>(
      'SELECT study_name, direction FROM kiln_studies WHERE study_id = ?',
      [studyId],
    );
    if (!rows[0]) throw studyIdNotFound(studyId);
    return rows[0];
  }

  async getAllStudies(): Promise<StudySummary[]> {
    const { rows } = await this.driver.query<{
      study_id: number;
      study_name: string;
      direction: StudyDirection;
      n_trials: number;
      best_value: number | null;
      datetime_start: number | null;
    }>(
      `SELECT s.study_id, s.study_name, s.direction,
        (SELECT CAST(COUNT(*) AS INTEGER) FROM kiln_trials t WHERE t.study_id = s.study_id) AS n_trials,
        (SELECT CASE WHEN s.direction = 'minimize' THEN MIN(t.value) ELSE MAX(t.value) END
           FROM kiln_trials t WHERE t.study_id = s.study_id AND t.state = 'COMPLETE') AS best_value,
        (SELECT MIN(t.datetime_start) FROM kiln_trials t WHERE t.study_id = s.study_id) AS datetime_start
       FROM kiln_studies s ORDER BY s.study_id`,
    );
    const summaries: StudySummary[] = [];
    for (const row of rows) {
      const directions = await this.getStudyDirections(row.study_id);
      summaries.push({
        studyId: row.study_id,
        studyName: row.study_name,
        direction: row.direction,
        directions,
        nTrials: row.n_trials,
        // A multi-objective trial's single value is NULL, so this is null for such a study.
        bestValue: row.best_value,
        datetimeStart: row.datetime_start === null ? null : new Date(row.datetime_start),
      });
    }
    return summaries;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const { changes } = await this.driver.query('DELETE FROM kiln_studies WHERE study_id = ?', [studyId]);
    if (changes === 0) throw studyIdNotFound(studyId);
    this.directionsCache.delete(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.studyRow(studyId);
    await this.driver.query(
      `INSERT INTO kiln_study_user_attrs (study_id, key, value_json) VALUES (?, ?, ?)
       ON CONFLICT (study_id, key) DO UPDATE SET value_json = excluded.value_json`,
      [studyId, key, JSON.stringify(value)],
    );
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, JsonValue>> {
    await this.studyRow(studyId);
    const { rows } = await this.driver.query<{ key: string; value_json: string }>(
      'SELECT key, value_json FROM kiln_study_user_attrs WHERE study_id = ?',
      [studyId],
    );
    return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value_json) as JsonValue]));
  }

  async createTrial(studyId: number, template: TrialTemplate): Promise<number> {
    const params = Object.entries(template.params ?? {});
    for (const [name] of params) {
      if (!template.distributions?.[name]) {
        throw new Error(`trial template param '${name}' has no distribution: give one in template.distributions`);
      }
    }
    return this.driver.transaction(async (session) => {
      // Bumping the counter locks the study row (PostgreSQL) or the file (SQLite) until commit,
      // so concurrent workers get consecutive numbers and a rollback gives the number back.
      const counter = await session.query<{ number: number }>(
        'UPDATE kiln_studies SET next_trial_number = next_trial_number + 1 WHERE study_id = ? RETURNING next_trial_number - 1 AS number',
        [studyId],
      );
      if (!counter.rows[0]) throw studyIdNotFound(studyId);
      const started = template.state === 'RUNNING' ? this.now : 'NULL';
      const { rows } = await session.query<{ trial_id: number }>(
        `INSERT INTO kiln_trials (study_id, number, state, datetime_start) VALUES (?, ?, ?, ${started}) RETURNING trial_id`,
        [studyId, counter.rows[0].number, template.state],
      );
      const trialId = rows[0]!.trial_id;
      for (const [name, value] of params) {
        await this.writeParam(session, trialId, name, value, template.distributions![name]!);
      }
      for (const [kind, attrs] of [
        ['user', template.userAttrs],
        ['system', template.systemAttrs],
      ] as const) {
        for (const [key, value] of Object.entries(attrs ?? {}))
          await this.writeAttr(session, trialId, kind, key, value);
      }
      return trialId;
    });
  }

  async popWaitingTrial(studyId: number): Promise<number | null> {
    // Another worker may pop the same trial between the read and the compare-and-set: then try the next one.
    for (;;) {
      const { rows } = await this.driver.query<{ trial_id: number }>(
        "SELECT trial_id FROM kiln_trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1",
        [studyId],
      );
      if (!rows[0]) return null;
      if (await this.setTrialStateValue(rows[0].trial_id, 'RUNNING')) return rows[0].trial_id;
    }
  }

  async setTrialParam(trialId: number, name: string, value: ParamValue, distribution: Distribution): Promise<void> {
    // One round trip in the usual case: the trial is unfinished and does not hold the name yet.
    const [key, data] = paramColumns(name, value, distribution);
    const table = 'kiln_trial_params';
    if ((await this.insertTrialPart(this.driver, table, trialId, key, data, fromUnfinishedTrial, 'nothing')) > 0)
      return;
    const { rows } = await this.driver.query<{ number: number; state: TrialState; distribution_json: string | null }>(
      `SELECT t.number, t.state, p.distribution_json FROM kiln_trials t
       LEFT JOIN kiln_trial_params p ON p.trial_id = t.trial_id AND p.name = ? WHERE t.trial_id = ?`,
      [name, trialId],
    );
    if (!rows[0]) throw trialNotFound(trialId);
    const { number, state, distribution_json } = rows[0];
    if (finishedStates.includes(state)) throw trialFinished(number, state);
    const previous = distribution_json === null ? null : (JSON.parse(distribution_json) as Distribution);
    if (previous && !distributionsEqual(previous, distribution)) {
      throw new Error(
        `trial ${number}: parameter '${name}' already has ${describeDistribution(previous)}, not ${describeDistribution(distribution)}`,
      );
    }
    await this.writeParam(this.driver, trialId, name, value, distribution);
  }

  async setTrialStateValue(
    trialId: number,
    state: TrialState,
    value?: number | readonly number[] | null,
    systemAttrs: Readonly<Record<string, JsonValue>> = {},
  ): Promise<boolean> {
    if (state === 'WAITING')
      throw new Error(`trial ${trialId} cannot be moved back to WAITING; enqueue a new trial instead`);
    const values = state === 'COMPLETE' ? checkValues(value) : null;
    const finished = finishedStates.includes(state);
    // Only a WAITING trial can start running; any unfinished one can finish.
    const from = finished ? ['RUNNING', 'WAITING'] : ['WAITING'];
    const changeState = (session: SqlSession) =>
      session.query(
        `UPDATE kiln_trials SET state = ?, value = ?,
           datetime_start = COALESCE(datetime_start, ${this.now}),
           datetime_complete = ${finished ? this.now : 'NULL'}
         WHERE trial_id = ? AND state IN (${placeholders(from.length)})`,
        [state, values?.length === 1 ? storableNumber(values[0]) : null, trialId, ...from],
      );
    const attrs = Object.entries(systemAttrs);
    const multiObjective = values !== null && values.length > 1;
    const changed =
      attrs.length === 0 && !multiObjective
        ? (await changeState(this.driver)).changes > 0
        : // The state's update locks the trial's row (PostgreSQL) or the file (SQLite) until commit, so the
          // attributes are written by whoever wins the compare-and-set, with it or not at all.
          await this.driver.transaction(async (session) => {
            if ((await changeState(session)).changes === 0) return false;
            if (multiObjective) {
              for (const [objective, each] of values.entries())
                await this.upsertTrialPart(
                  session,
                  'kiln_trial_values',
                  trialId,
                  [['objective', 'INTEGER', objective]],
                  [['value', this.driver.dialect.float, storableNumber(each)]],
                  fromTrial,
                );
            }
            for (const [key, attr] of attrs) await this.writeAttr(session, trialId, 'system', key, attr, fromTrial);
            return true;
          });
    if (changed) return true;
    await this.trialState(this.driver, trialId);
    return false;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    await this.upsertTrialPart(
      this.driver,
      'kiln_trial_intermediate_values',
      trialId,
      [['step', 'INTEGER', step]],
      [['value', this.driver.dialect.float, storableNumber(value)]],
    );
  }

  async setTrialUserAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.writeAttr(this.driver, trialId, 'user', key, value);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: JsonValue): Promise<void> {
    await this.writeAttr(this.driver, trialId, 'system', key, value);
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const [trial] = await this.readTrials('trial_id', trialId);
    if (!trial) throw trialNotFound(trialId);
    return trial;
  }

  async getAllTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    if (states?.length === 0) return [];
    return this.readTrials('study_id', studyId, states);
  }

  async getTrialPage(studyId: number, query: TrialPageQuery): Promise<TrialPage> {
    return queryTrialPage(this.driver, studyId, query, (await this.getStudyDirections(studyId)).length > 1);
  }

  async getTrialOutlines(studyId: number, query?: TrialOutlineQuery): Promise<TrialOutline[]> {
    return queryTrialOutlines(this.driver, studyId, query, (await this.getStudyDirections(studyId)).length > 1);
  }

  async getTrialsByNumber(studyId: number, numbers: readonly number[]): Promise<FrozenTrial[]> {
    return queryTrialsByNumber(this.driver, studyId, numbers, (await this.getStudyDirections(studyId)).length > 1);
  }

  getStudyDigest(studyId: number): Promise<StudyDigest> {
    return queryStudyDigest(this.driver, studyId);
  }

  async recordHeartbeat(trialId: number): Promise<void> {
    await this.driver.query(`UPDATE kiln_trials SET heartbeat = ${this.now} WHERE trial_id = ? AND state = 'RUNNING'`, [
      trialId,
    ]);
  }

  async failStaleTrials(studyId: number, graceSeconds: number): Promise<number[]> {
    // One statement: each row is re-checked under its lock, so of racing workers exactly one fails a trial.
    const { rows } = await this.driver.query<{ trial_id: number }>(
      `UPDATE kiln_trials SET state = 'FAIL', datetime_complete = ${this.now}
       WHERE study_id = ? AND state = 'RUNNING' AND heartbeat IS NOT NULL AND heartbeat < ${this.now} - ?
       RETURNING trial_id`,
      [studyId, graceSeconds * 1000],
    );
    return rows.map((row) => row.trial_id).sort((a, b) => a - b);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async trialState(session: SqlSession, trialId: number): Promise<{ number: number; state: TrialState }> {
    const { rows } = await session.query<{ number: number; state: TrialState }>(
      'SELECT number, state FROM kiln_trials WHERE trial_id = ?',
      [trialId],
    );
    if (!rows[0]) throw trialNotFound(trialId);
    return rows[0];
  }

  /**
   * Inserts one row of a trial's part, or updates it on a clash of `trial_id` and the `key` columns, in
   * one round trip without a transaction, guarded by `from` (`fromUnfinishedTrial`). When that changes nothing,
   * the trial is missing or finished, and this throws saying which.
   */
  private async upsertTrialPart(
    session: SqlSession,
    table: string,
    trialId: number,
    key: readonly Column[],
    data: readonly Column[],
    from = fromUnfinishedTrial,
  ): Promise<void> {
    if ((await this.insertTrialPart(session, table, trialId, key, data, from, 'update')) > 0) return;
    const { number, state } = await this.trialState(session, trialId);
    throw trialFinished(number, state);
  }

  /**
   * The INSERT of `upsertTrialPart`; on a clash of keys it updates the row, or leaves it as it is
   * (`onClash: 'nothing'`). Returns the rows it changed: 0 when the guard or the clash stopped it.
   */
  private async insertTrialPart(
    session: SqlSession,
    table: string,
    trialId: number,
    key: readonly Column[],
    data: readonly Column[],
    from: string,
    onClash: 'update' | 'nothing',
  ): Promise<number> {
    const columns = [...key, ...data];
    const names = (of: readonly Column[]) => of.map(([name]) => name).join(', ');
    const clash =
      onClash === 'update'
        ? `DO UPDATE SET ${data.map(([name]) => `${name} = excluded.${name}`).join(', ')}`
        : 'DO NOTHING';
    const { changes } = await session.query(
      `INSERT INTO ${table} (trial_id, ${names(columns)})
       SELECT trial_id, ${columns.map(([, type]) => `CAST(? AS ${type})`).join(', ')} ${from}
       ON CONFLICT (trial_id, ${names(key)}) ${clash}`,
      [...columns.map(([, , value]) => value), trialId],
    );
    return changes;
  }

  private async writeParam(
    session: SqlSession,
    trialId: number,
    name: string,
    value: ParamValue,
    distribution: Distribution,
  ): Promise<void> {
    await this.upsertTrialPart(session, 'kiln_trial_params', trialId, ...paramColumns(name, value, distribution));
  }

  private async writeAttr(
    session: SqlSession,
    trialId: number,
    kind: AttrKind,
    key: string,
    value: JsonValue,
    from = fromUnfinishedTrial,
  ): Promise<void> {
    await this.upsertTrialPart(
      session,
      'kiln_trial_attrs',
      trialId,
      [
        ['kind', 'TEXT', kind],
        ['key', 'TEXT', key],
      ],
      [['value_json', 'TEXT', JSON.stringify(value)]],
      from,
    );
  }

  /** Reads the trials of a study (or the one trial) with `scope` = `id`, optionally only those in `states`. */
  private async readTrials(
    scope: 'study_id' | 'trial_id',
    id: number,
    states?: readonly TrialState[],
  ): Promise<FrozenTrial[]> {
    const stateFilter = states ? ` AND state IN (${placeholders(states.length)})` : '';
    const trials = await this.driver.query<TrialRow>(
      `SELECT trial_id, number, state, value, datetime_start, datetime_complete FROM kiln_trials
       WHERE ${scope} = ?${stateFilter} ORDER BY number`,
      [id, ...(states ?? [])],
    );
    if (trials.rows.length === 0) return [];
    const cached = (row: TrialRow): FrozenTrial | undefined => {
      const trial = this.finishedTrials.get(row.trial_id);
      // A finished trial keeps its state and times; a row that differs is not the trial cached (a restored backup, say).
      return trial?.state === row.state &&
        trial.number === row.number &&
        (trial.datetimeStart?.getTime() ?? null) === row.datetime_start &&
        (trial.datetimeComplete?.getTime() ?? null) === row.datetime_complete
        ? trial
        : undefined;
    };
    const unread = trials.rows.filter((row) => cached(row) === undefined);
    // Read after the states, so a finished trial always comes with all of its parts; not filtered by state,
    // so a trial whose state changes meanwhile keeps them (rows of trials not listed above are skipped).
    // A few unread trials are read by id, many (a first read) by the study.
    const byId = unread.length <= maxTrialsReadById && unread.length < trials.rows.length;
    const where = byId ? `x.trial_id IN (${placeholders(unread.length)})` : `t.${scope} = ?`;
    const partsOf = <Row>(table: string, columns: string) =>
      this.driver.query<Row>(
        `SELECT ${columns} FROM ${table} x JOIN kiln_trials t ON t.trial_id = x.trial_id WHERE ${where}`,
        byId ? unread.map((row) => row.trial_id) : [id],
      );
    // Single-objective studies have no rows of values: skip the query for them.
    const readValues =
      scope === 'study_id' ? (await this.getStudyDirections(id)).length > 1 : await this.hasMultiObjectiveTables();
    const [params, intermediateValues, attrs, values] =
      unread.length === 0
        ? [{ rows: [] }, { rows: [] }, { rows: [] }, { rows: [] }]
        : await Promise.all([
            partsOf<ParamRow>('kiln_trial_params', 'x.trial_id, x.name, x.value_json, x.distribution_json'),
            partsOf<IntermediateValueRow>('kiln_trial_intermediate_values', 'x.trial_id, x.step, x.value'),
            partsOf<AttrRow>('kiln_trial_attrs', 'x.trial_id, x.kind, x.key, x.value_json'),
            readValues ? partsOf<ValueRow>('kiln_trial_values', 'x.trial_id, x.objective, x.value') : { rows: [] },
          ]);
    const read = frozenTrialsFromRows({
      trials: unread,
      params: params.rows,
      intermediateValues: intermediateValues.rows,
      attrs: attrs.rows,
      values: values.rows,
    });
    for (const trial of read) if (finishedStates.includes(trial.state)) this.finishedTrials.set(trial.trialId, trial);
    const readById = new Map(read.map((trial) => [trial.trialId, trial]));
    return trials.rows.map((row) => cached(row) ?? readById.get(row.trial_id)!);
  }
}
