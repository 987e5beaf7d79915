import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startReplicatedPostgres } from './replicated-postgres.js';

const one = async (url: string, text: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows[0] as Record<string, unknown>;
  } finally {
    await client.end();
  }
};

const refused = (url: string) =>
  one(url, 'select 1').then(
    () => false,
    (error: { code?: string }) => error.code === 'ECONNREFUSED',
  );

describe('the replicated PostgreSQL of the tests (startReplicatedPostgres)', () => {
  it('is a primary and a hot standby streaming from it, on ports of their own, gone without a trace after stop()', async () => {
    const cluster = await startReplicatedPostgres({ database: 'harness' });
    try {
      expect(new URL(cluster.primaryUrl).port).not.toBe('5432');
      expect(await one(cluster.primaryUrl, 'select pg_is_in_recovery() as standby')).toEqual({ standby: false });
      expect(await one(cluster.replicaUrl, 'select pg_is_in_recovery() as standby, current_database() as name')).toEqual({ standby: true, name: 'harness' });
      expect(await one(cluster.primaryUrl, 'select count(*)::int as streaming from pg_stat_replication')).toEqual({ streaming: 1 });
      await one(cluster.primaryUrl, 'create table harness_check as select 42 as answer');
      await cluster.caughtUp();
      expect(await one(cluster.replicaUrl, 'select answer from harness_check')).toEqual({ answer: 42 });
    } finally {
      await cluster.stop();
    }
    expect(await refused(cluster.primaryUrl)).toBe(true);
    expect(await refused(cluster.replicaUrl)).toBe(true);
  });

  it('stops what it started and deletes its files when it fails half-way', async () => {
    await expect(startReplicatedPostgres({ database: 'not a name' })).rejects.toThrow();
    const left = fs
      .readdirSync(os.tmpdir())
      .filter((name) => name.startsWith('weft-replicated-'))
      .map((name) => path.join(os.tmpdir(), name, 'primary.log'))
      .filter((log) => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('create database not a name'));
    expect(left).toEqual([]);
  });
});
