import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Database, EmbeddedPostgres, migrateUp } from '@weft/postgres';
import { eventStoreMigrations } from '@weft/eventstore';

/** Read once at start-up: where the server is. */
export const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one benchmark run; `drop` removes it. */
export async function createBenchDatabase(maxConnections: number): Promise<{ db: Database; drop(): Promise<void> }> {
  const name = `weft_bench_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = new Database({ url: url.toString(), maxConnections, applicationName: 'weft-bench' });
  await migrateUp(db, eventStoreMigrations);
  return {
    db,
    async drop() {
      await db.close();
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A fresh embedded PGlite on one connection, as the embedded platform runs it. */
export async function createEmbeddedBenchDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-'));
  const embedded = await EmbeddedPostgres.start(dataDir);
  const db = new Database({ url: embedded.url, maxConnections: 1 });
  await migrateUp(db, eventStoreMigrations);
  return {
    db,
    async drop() {
      await db.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The value below which `fraction` of the sorted samples lie. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
