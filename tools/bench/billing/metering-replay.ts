// Metering replayed history: seeds BENCH_RUNS recorded webhook runs (default 200,000;
// seven events each: queued, started, four nodes, succeeded) for BENCH_ORGS
// organizations (default 100) queued across the 720 hours of a month, into the
// PostgreSQL event store (group-committed appends from 64 writers, one new stream
// `execution.Execution-<uuid>` per run), then times `new Projector(db,
// usageProjection).rebuild(store)`: the whole log read and the billing_usage projection
// rebuilt into shadow tables and swapped in. Reports executions/s and events/s, checks
// that the metered runs add up to BENCH_RUNS and the (organization, hour) rows to what
// counting the seeded runs gives, and then times reading the same log alone (the floor),
// and reading only its `ExecutionQueued` events (a type filter in SQL).
// Target (issue 18): >= 10,000 executions/s. See docs/benchmarks.md.
//   BENCH_RUNS (default 200,000), BENCH_ORGS (default 100), BENCH_BATCH (events per read
//   and transaction, the rebuild's default 5000), DATABASE_URL (the PostgreSQL server).
// The rebuild's CPU is read from /proc: this process's and the bench database's backends'.
// Run (after node tools/scripts/build.mjs): node dist/tools/bench/billing/metering-replay.js
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '@weft/eventstore';
import { type LogPosition } from '@weft/kernel';
import { type Database, migrateUp, tenantIsolationMigrations } from '@weft/postgres';
import { Projector, projectionMigrations } from '@weft/projections';
import { hourOf, usageProjection } from '@weft/read-model-billing';
import { createBenchDatabase } from '../eventstore/bench-database.js';
import { clockTicksPerSecond, cpuMsOfAll, machineTicks } from '../proc-cpu.js';
import { type RecordedRun, appendRuns } from './run-events.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 200_000);
const ORGS = Number(process.env['BENCH_ORGS'] ?? 100);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 5000);
const HOURS = 720;
const MONTH_START = Date.UTC(2026, 10, 1);

/** The runs to seed, spread over the organizations and the month's hours; and how many fall in each (organization, hour). */
function plannedRuns(): { runs: RecordedRun[]; perHour: Map<string, number> } {
  const organizations = Array.from({ length: ORGS }, () => randomUUID());
  const workflows = organizations.map(() => randomUUID());
  const runs: RecordedRun[] = [];
  const perHour = new Map<string, number>();
  for (let i = 0; i < RUNS; i++) {
    const org = (i * 7919) % ORGS;
    const queuedAt = new Date(MONTH_START + Math.floor(Math.random() * HOURS * 3_600_000));
    runs.push({ organizationId: organizations[org]!, workflowId: workflows[org]!, queuedAt });
    const key = `${organizations[org]} ${hourOf(queuedAt).toISOString()}`;
    perHour.set(key, (perHour.get(key) ?? 0) + 1);
  }
  return { runs, perHour };
}

/** Reads the whole log in pages of BATCH, applying nothing; with `typePrefix`, only the events whose type starts so (filtered in SQL). */
async function readLogAlone(store: PostgresEventStore, typePrefix?: string): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  let after: LogPosition | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ ...(after ? { after } : {}), maxCount: BATCH, ...(typePrefix ? { filter: { typePrefix } } : {}) });
    events += page.length;
    after = page.at(-1)?.logPosition ?? after;
    if (page.length < BATCH) return { events, seconds: (performance.now() - started) / 1000 };
  }
}

/** What the rebuilt read model metered: runs in all, and (organization, hour) rows. */
async function meteredTotals(db: Database): Promise<{ runs: number; rows: number }> {
  const { rows } = await db.query<{ runs: string; rows: string }>(
    `select coalesce(sum(quantity), 0)::text as runs, count(*)::text as rows from billing_usage where metric = 'executions'`,
  );
  return { runs: Number(rows[0]?.runs), rows: Number(rows[0]?.rows) };
}

/** The rebuild, with the CPU it took: this process (reading, parsing, summing) and the database's backends; and how busy the machine was. */
async function timedRebuild(db: Database, store: PostgresEventStore) {
  const projector = new Projector(db, usageProjection);
  await projector.ensureTables();
  const ticks = clockTicksPerSecond();
  const backends = async () =>
    (await db.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
  const backendsBefore = cpuMsOfAll(await backends(), ticks);
  const own = process.cpuUsage();
  const machine = machineTicks();
  const report = await projector.rebuild(store, { batchSize: BATCH });
  const ownMs = process.cpuUsage(own);
  const machineAfter = machineTicks();
  const backendMs = [...cpuMsOfAll(await backends(), ticks)].reduce((sum, [pid, ms]) => sum + ms - (backendsBefore.get(pid) ?? 0), 0);
  const busy = (machineAfter.busy - machine.busy) / Math.max(1, machineAfter.total - machine.total);
  return { report, nodeSeconds: (ownMs.user + ownMs.system) / 1e6, postgresSeconds: backendMs / 1000, busy };
}

async function main(): Promise<void> {
  const database = await createBenchDatabase(10);
  await migrateUp(database.db, [...tenantIsolationMigrations, ...projectionMigrations]);
  const store = new PostgresEventStore(database.db);
  try {
    const { runs, perHour } = plannedRuns();
    const seeding = performance.now();
    const seeded = await appendRuns(store, runs);
    const seedSeconds = (performance.now() - seeding) / 1000;
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
    console.log(`# metering replay — PostgreSQL server; ${machine}; ${new Date().toISOString()}`);
    console.log(
      `seeded ${RUNS} runs (${seeded} events) for ${ORGS} organizations over ${HOURS} hours in ${seedSeconds.toFixed(1)} s (${Math.round(seeded / seedSeconds)} events/s); rebuild batches of ${BATCH} events`,
    );
    const { report, nodeSeconds, postgresSeconds, busy } = await timedRebuild(database.db, store);
    const totals = await meteredTotals(database.db);
    const floor = await readLogAlone(store);
    const queuedOnly = await readLogAlone(store, 'ExecutionQueued');
    const ok = totals.runs === RUNS && totals.rows === perHour.size && report.events === seeded;
    const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      '| runs | events | rebuild s | executions/s | events/s | CPU s: bench (Node) / PostgreSQL, machine busy | log read alone s (events/s) | `ExecutionQueued` only, filtered in SQL s | metered runs | (org, hour) rows | check |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| ${f0(RUNS)} | ${f0(report.events)} | ${report.seconds.toFixed(2)} | ${f0(RUNS / report.seconds)} | ${f0(report.events / report.seconds)} | ` +
        `${nodeSeconds.toFixed(1)} / ${postgresSeconds.toFixed(1)}, ${(busy * 100).toFixed(0)} % | ${floor.seconds.toFixed(2)} (${f0(floor.events / floor.seconds)}) | ` +
        `${queuedOnly.seconds.toFixed(2)} | ${f0(totals.runs)} | ${f0(totals.rows)} of ${f0(perHour.size)} | ${ok ? 'ok' : 'MISMATCH'} |`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await store.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
