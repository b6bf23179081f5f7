import { Client } from 'pg';

/**
 * Runs once before all test files. When tests use a real PostgreSQL server (DATABASE_URL),
 * make sure the shared extensions exist once, so per-file schemas never race to create them.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public');
  } finally {
    await client.end();
  }
}
