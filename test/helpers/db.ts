import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedDatabase } from '../../src/db/embedded';

export interface TestDatabase {
  kind: 'postgres' | 'pglite';
  db: DataSource;
  url: string;
  schema: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. With DATABASE_URL: a new schema on that server
 * (dropped afterwards). Without it, or with kind 'pglite': embedded PGlite in a temp folder.
 */
export async function createTestDatabase(kind: 'auto' | 'pglite' = 'auto'): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (kind === 'auto' && serverUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = createDataSource({ url: serverUrl, schema, poolSize: 8 });
    await db.initialize();
    await db.query(`CREATE SCHEMA "${schema}"`);
    await db.runMigrations({ transaction: 'each' });
    return {
      kind: 'postgres',
      db,
      url: serverUrl,
      schema,
      async close() {
        await db.query(`DROP SCHEMA "${schema}" CASCADE`);
        await db.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-pglite-'));
  const embedded = await startEmbeddedDatabase(dir, 0);
  const db = createDataSource({ url: embedded.url, poolSize: 8 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return {
    kind: 'pglite',
    db,
    url: embedded.url,
    schema: 'public',
    async close() {
      await db.destroy();
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
