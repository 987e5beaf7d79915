import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type TenantTransaction, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { type ExecutionStats, executionStats } from './execution-stats-queries.js';
import { executionsProjection } from './executions-projection.js';
import { executionsTables } from './executions-tables.js';
import { workflowDailyStatsTable } from './workflow-daily-stats.js';

// The daily rollup on the real PostgreSQL: the projection counts each run once, as it
// finishes (one by one, in batches, redelivered, replayed), the table created beside an
// existing `executions` fills itself, and the stats read from it equal a brute-force
// scan of `executions` for windows of every shape.

let database: TestDatabase;
const live = new Map(executionsProjection.tables.map((table) => [table.name, table.name]));
const shadow = new Map(executionsProjection.tables.map((table) => [table.name, `${table.name}__rebuild`]));
const DAY = 86_400_000;
const BASE = Date.parse('2027-03-10T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const asTenant = <T>(organizationId: string, read: (tx: TenantTransaction) => Promise<T>): Promise<T> => withTenant(database.db, organizationId, read);

/** A seeded generator, so a failing data set is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

type Outcome = 'success' | 'failed' | 'timeout' | 'canceled' | 'running' | 'queued' | 'waiting' | 'resumed';

/** One run's stream: queued at `queuedAt`, then the events of its outcome. */
function runEvents(organizationId: string, workflowId: string, queuedAt: number, outcome: Outcome, durationMs: number | null): RecordedEvent[] {
  const executionId = randomUUID();
  const at = iso(queuedAt + 1000);
  const steps: [string, Record<string, unknown>][] = [
    [
      'ExecutionQueued',
      {
        workflowId,
        workflowVersion: 1,
        mode: 'api',
        triggerNodeId: null,
        input: null,
        inputRef: null,
        inputItemCount: null,
        triggeredBy: 'trigger',
        retryOf: null,
        retryAttempt: 0,
        parentExecutionId: null,
        queuedBy: null,
        queuedAt: iso(queuedAt),
      },
    ],
  ];
  if (outcome !== 'queued')
    steps.push(['ExecutionStarted', { workerId: 'w', lease: 1, takeover: false, previousWorkerId: null, resumed: false, startedAt: at }]);
  if (outcome === 'waiting' || outcome === 'resumed') steps.push(['ExecutionWaiting', { lease: 1, waitingOn: { kind: 'timer', until: at }, waitingSince: at }]);
  if (outcome === 'resumed') steps.push(['ExecutionResumed', { resumedBy: 'timer', resumedWith: null, resumedWithRef: null, resumedAt: at }]);
  const usage = null;
  if (outcome === 'success')
    steps.push(['ExecutionSucceeded', { lease: 1, output: null, outputRef: null, lastNodeId: 'a', usage, finishedAt: at, durationMs }]);
  if (outcome === 'failed')
    steps.push(['ExecutionFailed', { lease: 1, error: { message: 'x', name: 'NodeError' }, willRetry: false, usage, finishedAt: at, durationMs }]);
  if (outcome === 'timeout') steps.push(['ExecutionTimedOut', { timeoutMs: 5, timedOutAt: at, durationMs }]);
  if (outcome === 'canceled') steps.push(['ExecutionCanceled', { reason: null, canceledBy: null, canceledAt: at, durationMs }]);
  return steps.map(
    ([type, data], version) =>
      ({
        eventId: randomUUID(),
        streamId: `execution.Execution-${executionId}`,
        streamVersion: version,
        type,
        schemaVersion: 1,
        data: { executionId, organizationId, ...data },
        metadata: {},
        occurredAt: new Date(queuedAt),
      }) as unknown as RecordedEvent,
  );
}

const OUTCOMES: readonly Outcome[] = ['success', 'success', 'success', 'failed', 'timeout', 'canceled', 'running', 'queued', 'waiting', 'resumed'];

/** `count` runs of `workflows` over `days` days from BASE, every outcome, some durations missing. */
function dataSet(organizationId: string, workflows: readonly string[], count: number, days: number, seed: number): RecordedEvent[][] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const outcome = OUTCOMES[Math.floor(next() * OUTCOMES.length)]!;
    const duration = next() < 0.1 ? null : Math.floor(next() * 10_000);
    return runEvents(organizationId, workflows[Math.floor(next() * workflows.length)]!, BASE + Math.floor(next() * days * DAY), outcome, duration);
  });
}

async function applyBatch(events: readonly RecordedEvent[], names = live): Promise<void> {
  await database.db.transaction((tx) => executionsProjection.applyBatch!(events, projectionTransaction(tx, names)));
}

async function applyOneByOne(events: readonly RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await executionsProjection.apply(e, projectionTransaction(tx, live));
  });
}

/** The rollup's rows of an organization as plain values. */
async function rollup(organizationId: string, table = 'workflow_daily_stats'): Promise<unknown[]> {
  const { rows } = await database.db.query(
    `select workflow_id, to_char(day, 'YYYY-MM-DD') as day, succeeded::int, failed::int, canceled::int, timed::int, sum_duration_ms::int,
            min_duration_ms::int, max_duration_ms::int
       from ${table} where organization_id = $1 order by workflow_id, day`,
    [organizationId],
  );
  return rows;
}

/** What the rollup must hold: the finished runs of `executions`, grouped. */
async function expectedRollup(organizationId: string, table = 'executions'): Promise<unknown[]> {
  const { rows } = await database.db.query(
    `select workflow_id, to_char((created_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
            count(*) filter (where status = 'success')::int as succeeded, count(*) filter (where status = 'error')::int as failed,
            count(*) filter (where status = 'canceled')::int as canceled, count(duration_ms)::int as timed, coalesce(sum(duration_ms), 0)::int as sum_duration_ms,
            min(duration_ms)::int as min_duration_ms, max(duration_ms)::int as max_duration_ms
       from ${table} where organization_id = $1 and status in ('success', 'error', 'canceled')
      group by 1, 2 order by 1, 2`,
    [organizationId],
  );
  return rows;
}

/** The stats as the scan of `executions` they replace computed them: the oracle. */
async function bruteForce(organizationId: string, workflowId: string | undefined, from: string, to: string): Promise<ExecutionStats> {
  const { rows } = await asTenant(organizationId, (tx) =>
    tx.query<Record<string, string | null>>(
      `select count(*) as total, count(*) filter (where status = 'success') as succeeded, count(*) filter (where status = 'error') as failed,
              count(*) filter (where status = 'canceled') as canceled, count(*) filter (where status = 'running') as running,
              count(*) filter (where status = 'waiting') as waiting,
              avg(duration_ms) filter (where status in ('success', 'error', 'canceled') and duration_ms is not null) as avg,
              min(duration_ms) filter (where status in ('success', 'error', 'canceled')) as min,
              max(duration_ms) filter (where status in ('success', 'error', 'canceled')) as max
         from executions
        where organization_id = $1 and created_at >= $2::timestamptz and created_at < $3::timestamptz and ($4::uuid is null or workflow_id = $4::uuid)`,
      [tx.organizationId, from, to, workflowId ?? null],
    ),
  );
  const row = rows[0]!;
  const n = (key: string) => Number(row[key]);
  const ended = n('succeeded') + n('failed') + n('canceled');
  const orNull = (key: string) => (row[key] === null ? null : n(key));
  return {
    total: n('total'),
    succeeded: n('succeeded'),
    failed: n('failed'),
    canceled: n('canceled'),
    running: n('running'),
    waiting: n('waiting'),
    successRate: ended === 0 ? null : n('succeeded') / ended,
    avgDurationMs: row['avg'] === null ? null : Math.round(n('avg')),
    minDurationMs: orNull('min'),
    maxDurationMs: orNull('max'),
  };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const names of [live, shadow])
    for (const table of executionsProjection.tables) for (const ddl of table.create(names.get(table.name)!)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('workflow_daily_stats', () => {
  it('counts each finished run once per workflow and UTC day, one by one, in batches, redelivered and replayed', async () => {
    const org = randomUUID();
    const workflows = [randomUUID(), randomUUID()];
    const runs = dataSet(org, workflows, 120, 4, 7);
    // The first half queued in one batch and finished in a later one (the update path), the second half whole in one batch.
    const half = runs.slice(0, 60);
    await applyBatch(half.flatMap((events) => events.slice(0, 1)));
    await applyBatch(half.flatMap((events) => events.slice(1)));
    await applyBatch(runs.slice(60).flat());
    const expected = await expectedRollup(org);
    expect(expected.length).toBeGreaterThan(4);
    expect(await rollup(org)).toEqual(expected);

    // A crashed projector re-applies what it had applied: whole batches, other splits, one event at a time.
    await applyBatch(runs.flat());
    await applyBatch(half.flatMap((events) => events.slice(1)));
    await applyOneByOne(runs.slice(100).flat());
    await applyOneByOne(runs.slice(0, 10).flatMap((events) => events.slice(-1)));
    expect(await rollup(org)).toEqual(expected);
    expect(await expectedRollup(org)).toEqual(expected);
  });

  it('counts runs applied one event at a time as a batch does, and a terminal event that comes twice in one batch once', async () => {
    const org = randomUUID();
    const runs = dataSet(org, [randomUUID()], 30, 2, 11);
    await applyOneByOne(runs.flat());
    const last = runs.map((events) => events[events.length - 1]!);
    await applyBatch([...last, ...last]);
    expect(await rollup(org)).toEqual(await expectedRollup(org));
    const finished = (await rollup(org)) as { succeeded: number; failed: number; canceled: number }[];
    const { rows } = await database.db.query<{ n: number }>(
      `select count(*)::int as n from executions where organization_id = $1 and status in ('success', 'error', 'canceled')`,
      [org],
    );
    expect(finished.reduce((sum, r) => sum + r.succeeded + r.failed + r.canceled, 0)).toBe(rows[0]!.n);
  });

  it('fills a table created beside an executions table that already has runs, and keeps it during a rebuild (shadow tables)', async () => {
    const org = randomUUID();
    const runs = dataSet(org, [randomUUID(), randomUUID()], 40, 3, 23);
    await applyBatch(runs.flat(), shadow);
    expect(await rollup(org, 'workflow_daily_stats__rebuild')).toEqual(await expectedRollup(org, 'executions__rebuild'));
    await database.db.query('drop table workflow_daily_stats__rebuild');
    for (const ddl of workflowDailyStatsTable.create('workflow_daily_stats__rebuild')) await database.db.query(ddl);
    expect(await rollup(org, 'workflow_daily_stats__rebuild')).toEqual(await expectedRollup(org, 'executions__rebuild'));
    await applyBatch(runs.flat(), shadow);
    expect(await rollup(org, 'workflow_daily_stats__rebuild')).toEqual(await expectedRollup(org, 'executions__rebuild'));
  });

  it('gives the unfinished-runs index to an executions table created before it (upgrade)', async () => {
    const index = async () => (await database.db.query(`select 1 from pg_indexes where indexname = 'executions_open_idx'`)).rowCount;
    await database.db.query('drop index executions_open_idx');
    expect(await index()).toBe(0);
    for (let i = 0; i < 2; i++) for (const ddl of executionsTables[0]!.upgrade!('executions')) await database.db.query(ddl);
    expect(await index()).toBe(1);
  });

  it('shows an organization only its own days (row-level security)', async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    await applyBatch([...runEvents(mine, randomUUID(), BASE, 'success', 5), ...runEvents(theirs, randomUUID(), BASE, 'success', 5)]);
    const visible = await asTenant(mine, async (tx) => (await tx.query<{ organization_id: string }>('select organization_id from workflow_daily_stats')).rows);
    expect(new Set(visible.map((r) => r.organization_id))).toEqual(new Set([mine]));
  });
});

describe('executionStats from the rollup', () => {
  it('equals a brute-force scan of executions for windows of every shape', async () => {
    const org = randomUUID();
    const workflows = [randomUUID(), randomUUID(), randomUUID()];
    const runs = dataSet(org, workflows, 600, 6, 42);
    for (let i = 0; i < runs.length; i += 150) await applyBatch(runs.slice(i, i + 150).flat());
    const queuedAt = runs.map((events) => Date.parse((events[0]!.data as { queuedAt: string }).queuedAt));
    const next = random(99);
    const windows: [number, number][] = [
      [BASE - DAY, BASE + 7 * DAY], // everything: whole days only, edges empty
      [BASE, BASE + 6 * DAY], // aligned
      [BASE + DAY, BASE + DAY], // empty
      [BASE + 3 * DAY, BASE + DAY], // from after to
      [BASE + 2 * DAY + 3_600_000, BASE + 2 * DAY + 5_400_000], // within one day (since=30m)
      [BASE + 2 * DAY - 1, BASE + 2 * DAY + 1], // around midnight
      [BASE + DAY + 1, BASE + 3 * DAY], // partial head, aligned end
      [BASE + DAY, BASE + 3 * DAY + 7], // aligned start, partial tail
      [BASE + 12 * 3_600_000, BASE + 36 * 3_600_000], // 24 hours over midnight: no whole day
      [queuedAt[0]!, queuedAt[1]!], // bounds on runs: from inclusive, to exclusive
      [queuedAt[2]!, queuedAt[2]! + 4 * DAY],
    ];
    for (let i = 0; i < 25; i++) {
      const a = BASE - DAY / 2 + Math.floor(next() * 7 * DAY);
      windows.push([a, a + Math.floor(next() * 4 * DAY)]);
    }
    for (const [from, to] of windows) {
      for (const workflowId of [workflows[0], workflows[2], undefined]) {
        const window = { from: iso(from), to: iso(to) };
        const stats = await asTenant(org, (tx) => executionStats(tx, { workflowId, ...window }));
        expect({ window, workflowId, stats }).toEqual({ window, workflowId, stats: await bruteForce(org, workflowId, window.from, window.to) });
      }
    }
    const all = await asTenant(org, (tx) => executionStats(tx, { from: iso(BASE - DAY), to: iso(BASE + 7 * DAY) }));
    expect(all.total).toBe(600);
    expect(all.running).toBeGreaterThan(0);
    expect(all.waiting).toBeGreaterThan(0);
    expect(all.canceled).toBeGreaterThan(0);
  });

  it('reads the whole days from the rollup (a day the rollup lacks is missing from the answer, its edges are not)', async () => {
    const org = randomUUID();
    const workflowId = randomUUID();
    await applyBatch([
      ...runEvents(org, workflowId, BASE + 10 * DAY + 1000, 'success', 10),
      ...runEvents(org, workflowId, BASE + 11 * DAY + 1000, 'failed', 20),
    ]);
    await database.db.query('delete from workflow_daily_stats where organization_id = $1 and day = $2::date', [org, iso(BASE + 10 * DAY).slice(0, 10)]);
    const stats = (from: number, to: number) => asTenant(org, (tx) => executionStats(tx, { workflowId, from: iso(from), to: iso(to) }));
    expect(await stats(BASE + 10 * DAY, BASE + 12 * DAY)).toMatchObject({ total: 1, succeeded: 0, failed: 1, minDurationMs: 20 });
    expect(await stats(BASE + 10 * DAY + 1, BASE + 12 * DAY)).toMatchObject({ total: 2, succeeded: 1, failed: 1 });
    expect(await stats(BASE + 10 * DAY, BASE + 10 * DAY + 2000)).toMatchObject({ total: 1, succeeded: 1, minDurationMs: 10 });
  });
});
