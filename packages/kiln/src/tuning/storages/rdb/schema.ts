import type { SqlDialect, SqlDriver, SqlSession } from './sqlDriver.js';
import { StorageOpenError } from './storageOpenError.js';

/**
 * Bumped whenever the tables change; a storage refuses a database written by a newer Kiln, and
 * opening an older one for writing upgrades it in place (`upgradeStatements`).
 */
export const schemaVersion = 2;

const versionTable = 'kiln_schema_version';

function createStatements(dialect: SqlDialect): string[] {
  const { autoId, float } = dialect;
  // Times are epoch milliseconds from the database's clock. Values, params and attributes are JSON text.
  return [
    `CREATE TABLE IF NOT EXISTS kiln_studies (
      study_id ${autoId},
      study_name TEXT NOT NULL UNIQUE,
      direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
      next_trial_number INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE IF NOT EXISTS kiln_study_user_attrs (
      study_id INTEGER NOT NULL REFERENCES kiln_studies (study_id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value_json TEXT NOT NULL,
      PRIMARY KEY (study_id, key)
    )`,
    `CREATE TABLE IF NOT EXISTS kiln_trials (
      trial_id ${autoId},
      study_id INTEGER NOT NULL REFERENCES kiln_studies (study_id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING')),
      value ${float},
      datetime_start ${float},
      datetime_complete ${float},
      heartbeat ${float},
      UNIQUE (study_id, number)
    )`,
    'CREATE INDEX IF NOT EXISTS kiln_trials_study_state ON kiln_trials (study_id, state)',
    `CREATE TABLE IF NOT EXISTS kiln_trial_params (
      trial_id INTEGER NOT NULL REFERENCES kiln_trials (trial_id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      value_json TEXT NOT NULL,
      distribution_json TEXT NOT NULL,
      PRIMARY KEY (trial_id, name)
    )`,
    `CREATE TABLE IF NOT EXISTS kiln_trial_intermediate_values (
      trial_id INTEGER NOT NULL REFERENCES kiln_trials (trial_id) ON DELETE CASCADE,
      step INTEGER NOT NULL,
      value ${float},
      PRIMARY KEY (trial_id, step)
    )`,
    `CREATE TABLE IF NOT EXISTS kiln_trial_attrs (
      trial_id INTEGER NOT NULL REFERENCES kiln_trials (trial_id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('user', 'system')),
      key TEXT NOT NULL,
      value_json TEXT NOT NULL,
      PRIMARY KEY (trial_id, kind, key)
    )`,
    ...multiObjectiveStatements(dialect),
    `CREATE TABLE IF NOT EXISTS ${versionTable} (version INTEGER NOT NULL)`,
  ];
}

/**
 * Version 2, multi-objective studies: a study with several objectives keeps its first direction in
 * kiln_studies and every direction here; a trial of such a study keeps its values here (and NULL as
 * its single value). Single-objective studies write nothing in these tables, so a version 1 file
 * reads the same without them.
 */
function multiObjectiveStatements({ float }: SqlDialect): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS kiln_study_directions (
      study_id INTEGER NOT NULL REFERENCES kiln_studies (study_id) ON DELETE CASCADE,
      objective INTEGER NOT NULL,
      direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
      PRIMARY KEY (study_id, objective)
    )`,
    `CREATE TABLE IF NOT EXISTS kiln_trial_values (
      trial_id INTEGER NOT NULL REFERENCES kiln_trials (trial_id) ON DELETE CASCADE,
      objective INTEGER NOT NULL,
      value ${float},
      PRIMARY KEY (trial_id, objective)
    )`,
  ];
}

/** What brings a database of `version` up to `schemaVersion`. */
function upgradeStatements(version: number, dialect: SqlDialect): string[] {
  return version < 2 ? multiObjectiveStatements(dialect) : [];
}

/** Whether the database has the tables of multi-objective studies (version 2 on; a version 1 file opened read-only has not). */
export function hasMultiObjectiveTables(existing: ExistingSchema): boolean {
  return existing.tables.includes('kiln_trial_values') && existing.tables.includes('kiln_study_directions');
}

/** What a database already holds: its table names and, if it is Kiln's, the schema version it was written with. */
export interface ExistingSchema {
  readonly tables: readonly string[];
  readonly version: number | null;
}

export async function inspectSchema(session: SqlSession, dialect: SqlDialect): Promise<ExistingSchema> {
  const tables = (await session.query<{ name: string }>(dialect.listTables)).rows.map((row) => row.name);
  if (!tables.includes(versionTable)) return { tables, version: null };
  const { rows } = await session.query<{ version: number }>(`SELECT MAX(version) AS version FROM ${versionTable}`);
  return { tables, version: rows[0]?.version ?? null };
}

/**
 * Throws unless the database is empty or holds Kiln's tables at a version this code reads:
 * another application's database must never gain Kiln's tables.
 */
export function assertUsableSchema(existing: ExistingSchema, where: string): void {
  if (existing.version === null && existing.tables.length > 0) {
    const shown = existing.tables.slice(0, 5).join(', ') + (existing.tables.length > 5 ? ', ...' : '');
    throw new StorageOpenError(
      `${where} is not a Kiln study storage: it holds other tables (${shown}) and no ${versionTable}; ` +
        'it was left untouched. Point Kiln at a new file or an empty database.',
    );
  }
  if (existing.version !== null && existing.version > schemaVersion) {
    throw new StorageOpenError(
      `${where} was written by a newer Kiln (schema version ${existing.version}; this one reads up to ${schemaVersion}); ` +
        'it was left untouched. Upgrade Kiln to open it.',
    );
  }
}

/**
 * Checks the database and creates Kiln's tables if it is empty, or upgrades an older version's, in
 * one write transaction so concurrent workers agree.
 */
export async function prepareSchema(driver: SqlDriver, where: string): Promise<void> {
  await driver.transaction(async (session) => {
    if (driver.dialect.schemaLock) await session.query(driver.dialect.schemaLock);
    const existing = await inspectSchema(session, driver.dialect);
    assertUsableSchema(existing, where);
    if (existing.version === schemaVersion) return;
    const statements =
      existing.version === null
        ? createStatements(driver.dialect)
        : upgradeStatements(existing.version, driver.dialect);
    for (const statement of statements) await session.query(statement);
    await session.query(`INSERT INTO ${versionTable} (version) VALUES (?)`, [schemaVersion]);
  });
}
