// What a tenant read costs through QueryDatabase, against a primary and its streaming
// replica made by the test harness (startReplicatedPostgres: two local clusters, fsync
// off). In-process, one reader, BENCH_N reads per series (default 3,000; 10 rows each, 1 in the last):
//   primary, withTenant(Database)            the read as before this change
//   primary, QueryDatabase without a replica the no-replica path (must cost nothing more)
//   replica, nothing pending                  the query APIs' read with DATABASE_READ_URL
//   rememberWrite                             what a waited command adds with a replica
//   replica, right after a projector-style write (asynchronous commit) + rememberWrite:
//                                             read-your-writes through the replica
// See docs/benchmarks.md ("Read replica").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Database, QueryDatabase, type TenantReadSource, migrateUp, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { startReplicatedPostgres } from '@weft/testing';
import { percentile } from '../eventstore/bench-database.js';

const N = Number(process.env['BENCH_N'] ?? 3_000);

const notes = {
  id: '202701010000_bench_notes',
  up: `create table bench_notes (organization_id uuid not null, text text not null);
       alter table bench_notes enable row level security;
       create policy tenant_isolation on bench_notes for select to weft_tenant_reader
         using (organization_id = nullif(current_setting('weft.organization_id', true), '')::uuid);
       grant select on bench_notes to weft_tenant_reader`,
  down: 'drop table bench_notes',
};

const read = (db: TenantReadSource, organizationId: string) =>
  withTenant(db, organizationId, (tx) => tx.query('select text from bench_notes where organization_id = $1', [tx.organizationId]));

async function series(name: string, each: (index: number) => Promise<number>): Promise<void> {
  for (let index = 0; index < Math.min(200, N); index++) await each(index); // warm-up: connections, prepared statements
  const latencies: number[] = [];
  for (let index = 0; index < N; index++) latencies.push(await each(index));
  latencies.sort((a, b) => a - b);
  console.log(`| ${name} | ${percentile(latencies, 0.5).toFixed(3)} | ${percentile(latencies, 0.99).toFixed(3)} |`);
}

const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

async function main(): Promise<void> {
  const cluster = await startReplicatedPostgres();
  const primary = new Database({ url: cluster.primaryUrl, maxConnections: 4, applicationName: 'weft-bench' });
  const replica = new Database({ url: cluster.replicaUrl, maxConnections: 4, applicationName: 'weft-bench-reads' });
  const routed = new QueryDatabase(primary, replica, { maxWaitMs: 1_000 });
  try {
    await migrateUp(primary, [...tenantIsolationMigrations, notes]);
    const org = randomUUID();
    await primary.query('insert into bench_notes select $1, g::text from generate_series(1, 10) g', [org]);
    await cluster.caughtUp();
    console.log(`| series (N = ${N}) | p50 ms | p99 ms |\n|---|---|---|`);
    // In turn, twice: the first series of a process also warms the JIT up.
    for (let round = 1; round <= 2; round++) {
      await series(`primary, \`withTenant(Database)\` (round ${round})`, () => timed(() => read(primary, org)));
      await series(`primary, \`QueryDatabase\` without a replica (round ${round})`, () => timed(() => read(QueryDatabase.primaryOnly(primary), org)));
    }
    await series('replica, nothing pending', () => timed(() => read(routed, org)));
    await series('`rememberWrite` (with a replica)', () => timed(() => routed.rememberWrite(org)));
    // A new organization each time, so that every read is of one row, as the others.
    await series('replica, after an asynchronous commit + `rememberWrite`: the read', async () => {
      const written = randomUUID();
      await primary.transaction(async (tx) => {
        await tx.query('set local synchronous_commit = off');
        await tx.query('insert into bench_notes values ($1, $2)', [written, 'new']);
      });
      await routed.rememberWrite(written);
      return timed(() => read(routed, written));
    });
  } finally {
    routed.stop();
    await Promise.all([primary.close(), replica.close()]);
    await cluster.stop();
  }
}

await main();
