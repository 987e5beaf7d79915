import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Database, type Migration, migrateUp } from '@weft/postgres';
import { testEnvironment } from './environment.js';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly db: Database;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testEnvironment().databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database on the real PostgreSQL, named uniquely so that parallel suites and
 * runs never see each other's data, optionally migrated. Drop it in `afterAll`.
 */
export async function createTestDatabase(options: { migrations?: readonly Migration[]; maxConnections?: number } = {}): Promise<TestDatabase> {
  const name = `weft_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = withDatabase(testEnvironment().databaseUrl, name);
  const db = new Database({ url, maxConnections: options.maxConnections ?? 10, applicationName: 'weft-test' });
  if (options.migrations) await migrateUp(db, options.migrations);
  return {
    name,
    url,
    db,
    async drop() {
      await db.close();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
