import { createPostgresTestDatabase } from './postgresTestDatabase.js';
import { describeReliability } from './reliabilityScenarios.js';

describeReliability('one PostgreSQL database', async () => {
  const database = await createPostgresTestDatabase('workers');
  return { url: database.url, cleanup: () => database.drop() };
});
