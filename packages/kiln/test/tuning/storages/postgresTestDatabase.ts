import pg from 'pg';

/** A database of its own on the test server, so test files running at once never see each other's studies. */
export interface PostgresTestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env['KILN_TEST_POSTGRES_URL'];
  if (!url) {
    throw new Error(
      'KILN_TEST_POSTGRES_URL is not set: run the PostgreSQL storage tests through `npm test`, which starts a throwaway server ' +
        '(or `source scripts/postgres-test.sh && start_test_postgres` first)',
    );
  }
  return url;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let created = 0;

export async function createPostgresTestDatabase(purpose: string): Promise<PostgresTestDatabase> {
  const name = `kiln_${purpose}_${process.pid}_${Date.now()}_${created++}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
