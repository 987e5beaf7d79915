import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type ReplicatedPostgres, startReplicatedPostgres, waitUntil } from '@weft/testing';
import { Database } from './database.js';
import { migrateUp } from './migrations.js';
import { QueryDatabase, type ReplicaState } from './query-database.js';
import { tenantIsolationDdl, tenantIsolationMigrations, withTenant } from './tenant-isolation.js';

// A real primary and streaming replica (two clusters the harness makes with initdb and
// pg_basebackup): where the query APIs' reads go, read-your-writes through the replica's
// replay position, lag made real by pausing replay, and the replica going away and back.

const notesMigration = {
  id: '202701010000_replica_notes',
  up: [`create table replica_notes (organization_id uuid not null, text text not null)`, ...tenantIsolationDdl('replica_notes')].join(';\n'),
  down: 'drop table replica_notes',
};

/** A primary that counts what is sent to it: the no-replica path must send nothing extra. */
class CountingDatabase extends Database {
  sent: string[] = [];
  override query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    this.sent.push(text);
    return super.query<R>(text, values);
  }
}

describe('QueryDatabase on a streaming replica', () => {
  let cluster: ReplicatedPostgres;
  let primary: CountingDatabase;
  let replica: Database;
  const opened: QueryDatabase[] = [];
  const changes: ReplicaState[] = [];

  /** A QueryDatabase over the suite's pools, waiting at most `maxWaitMs` for the replica. */
  const queriesWaiting = (maxWaitMs: number) => {
    const queries = new QueryDatabase(primary, replica, { maxWaitMs, probeIntervalMs: 100, onReplicaChange: (state) => changes.push(state) });
    opened.push(queries);
    return queries;
  };

  /** The organization's notes, and whether the server that answered is a replica (in recovery). */
  const read = (queries: QueryDatabase | Database, organizationId: string) =>
    withTenant(queries, organizationId, async (tx) => {
      const { rows } = await tx.query<{ text: string; replica: boolean }>(
        'select coalesce(array_agg(text order by text), array[]::text[]) as texts, pg_is_in_recovery() as replica from replica_notes where organization_id = $1',
        [tx.organizationId],
      );
      return rows[0] as unknown as { texts: string[]; replica: boolean };
    });

  /** A projector's write, then what read-your-writes does once the command's wait saw it. */
  const write = async (queries: QueryDatabase, organizationId: string, text: string) => {
    await primary.query('insert into replica_notes (organization_id, text) values ($1, $2)', [organizationId, text]);
    await queries.rememberWrite(organizationId);
  };

  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
  };

  beforeAll(async () => {
    cluster = await startReplicatedPostgres();
    primary = new CountingDatabase({ url: cluster.primaryUrl, maxConnections: 5, applicationName: 'weft-test' });
    replica = new Database({ url: cluster.replicaUrl, maxConnections: 5, applicationName: 'weft-test-reads', connectTimeoutMs: 1_000 });
    await migrateUp(primary, [...tenantIsolationMigrations, notesMigration]);
    await cluster.caughtUp();
  });

  afterAll(async () => {
    for (const queries of opened) queries.stop();
    await Promise.all([primary?.close(), replica?.close()]);
    await cluster?.stop();
  });

  afterEach(async () => {
    await cluster.resumeReplay().catch(() => undefined);
  });

  it('reads from the replica, as the tenant reader with row-level security, while the primary stays the primary', async () => {
    const queries = queriesWaiting(1_000);
    const org = randomUUID();
    await primary.query('insert into replica_notes (organization_id, text) values ($1, $2), ($3, $4)', [org, 'mine', randomUUID(), 'another tenant']);
    await cluster.caughtUp();
    expect(await read(queries, org)).toEqual({ texts: ['mine'], replica: true });
    expect(await read(primary, org)).toEqual({ texts: ['mine'], replica: false });
  });

  it('reads a write of the organization through the lagging replica once it has replayed it: the read waits', async () => {
    const queries = queriesWaiting(10_000);
    const org = randomUUID();
    await cluster.pauseReplay();
    await write(queries, org, 'written while replay is paused');
    const reading = timed(() => read(queries, org));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.resumeReplay();
    const [seen, ms] = await reading;
    expect(seen).toEqual({ texts: ['written while replay is paused'], replica: true });
    expect(ms).toBeGreaterThanOrEqual(290);
  });

  it('waits for the replica at most maxWaitMs, then reads the primary; other organizations keep reading the replica', async () => {
    const queries = queriesWaiting(250);
    const [org, other] = [randomUUID(), randomUUID()];
    await cluster.pauseReplay();
    await write(queries, org, 'the replica does not have this yet');
    const [seen, ms] = await timed(() => read(queries, org));
    expect(seen).toEqual({ texts: ['the replica does not have this yet'], replica: false });
    expect(ms).toBeGreaterThanOrEqual(240);
    expect(ms).toBeLessThan(5_000);
    // Nothing of `other` was written here: the paused replica answers it (had it waited the bound, the primary would have).
    expect(await read(queries, other)).toEqual({ texts: [], replica: true });
    // Once the replica has the write, the organization reads it there again.
    await cluster.resumeReplay();
    await cluster.caughtUp();
    expect(await read(queries, org)).toEqual({ texts: ['the replica does not have this yet'], replica: true });
  });

  it('reaches a write position taken right after a WAL segment switch (the next record would start past a page header)', async () => {
    const queries = queriesWaiting(10_000);
    const org = randomUUID();
    await primary.query('insert into replica_notes (organization_id, text) values ($1, $2)', [org, 'before the switch']);
    await primary.query('select pg_switch_wal()');
    await queries.rememberWrite(org);
    // Unadjusted, the position would be reached only by the next WAL record (an idle primary's: up to 15 s away).
    const [seen, ms] = await timed(() => read(queries, org));
    expect(seen).toEqual({ texts: ['before the switch'], replica: true });
    expect(ms).toBeLessThan(5_000);
  });

  it('does not wait for a write this process did not wait for (another process of the service): the documented limit', async () => {
    const queries = queriesWaiting(1_000);
    const org = randomUUID();
    await cluster.pauseReplay();
    await primary.query('insert into replica_notes (organization_id, text) values ($1, $2)', [org, 'written by another process']);
    expect(await read(queries, org)).toEqual({ texts: [], replica: true });
  });

  it('reads the primary while the replica is down, says so once, and reads the replica again when it is back', async () => {
    const queries = queriesWaiting(5_000);
    const org = randomUUID();
    await write(queries, org, 'before');
    await cluster.caughtUp();
    expect(await read(queries, org)).toMatchObject({ replica: true });
    changes.length = 0;

    await cluster.stopReplica();
    const whileDown = await Promise.all(Array.from({ length: 8 }, () => read(queries, org)));
    expect(whileDown).toEqual(Array.from({ length: 8 }, () => ({ texts: ['before'], replica: false })));
    await write(queries, org, 'while the replica was down');
    expect(await read(queries, org)).toEqual({ texts: ['before', 'while the replica was down'], replica: false });
    expect(changes).toEqual([{ serving: false, reason: expect.any(String), since: expect.any(Date) }]);
    expect(await queries.replicaState()).toMatchObject({ serving: false });

    await cluster.startReplica();
    await waitUntil(async () => (await read(queries, org)).replica, { timeoutMs: 15_000, description: 'reads from the replica again' });
    expect(await read(queries, org)).toEqual({ texts: ['before', 'while the replica was down'], replica: true });
    expect(changes).toEqual([expect.objectContaining({ serving: false }), { serving: true }]);
    expect(await queries.replicaState()).toEqual({ serving: true });
  });

  it('without a replica reads the primary and asks it nothing more (the no-replica path)', async () => {
    const queries = QueryDatabase.primaryOnly(primary);
    const org = randomUUID();
    primary.sent = [];
    await write(queries, org, 'no replica');
    expect(await read(queries, org)).toEqual({ texts: ['no replica'], replica: false });
    expect(primary.sent).toEqual(['insert into replica_notes (organization_id, text) values ($1, $2)']);
    expect(await queries.replicaState()).toBeUndefined();
  });
});
