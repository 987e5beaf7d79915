import { randomUUID } from 'node:crypto';
import { type OrganizationRetentionOverride } from '@weft/kernel';
import { migrateUp, tenantIsolationMigrations } from '@weft/postgres';
import { ensureExecutionPartitions, executionsProjection, partitionsOf } from '@weft/read-model-executions';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { executionPayloadMigrations } from '../runner/execution-payload-store.js';
import { applyExecutionRetention, retentionPlan } from './execution-retention.js';
import { RetentionFixtures } from './execution-retention-fixtures.js';

// The retention job on the real PostgreSQL: old months of `executions` go as whole
// partitions (at the longest retention any organization has), organizations that keep
// less lose their older runs, node logs and stored payloads row by row at their own
// cut, the recent ones stay, and a second run finds nothing more to do.

let database: TestDatabase;
let fixtures: RetentionFixtures;
const now = new Date('2026-12-02T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const seed = (org: string, ages: readonly number[]) => fixtures.seed(org, ages);
const ages = (table: 'executions' | 'execution_logs' | 'execution_payloads', org: string) => fixtures.ages(table, org);
const DEFAULTS = { executionDays: 90, logDays: 30 };

async function reset(): Promise<void> {
  for (const table of ['executions', 'execution_logs', 'execution_payloads']) await database.db.query(`truncate ${table}`);
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  fixtures = new RetentionFixtures(database.db, now);
  await migrateUp(database.db, executionPayloadMigrations);
  for (const table of executionsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('execution retention', () => {
  it('with the defaults only: drops whole old months, prunes old logs and payloads, keeps the recent, and is idempotent', async () => {
    await reset();
    const org = randomUUID();
    await seed(org, [200, 45, 1]);
    expect(await ages('executions', org)).toEqual([200, 45, 1]);

    const report = await applyExecutionRetention(database.db, DEFAULTS, [], { now });
    expect(report?.droppedPartitions.length).toBeGreaterThanOrEqual(1);
    expect(report).toMatchObject({ prunedExecutions: 0, prunedLogs: 2, prunedPayloads: 1, organizations: 0, yielded: false, partitionCutoff: daysAgo(90) });
    expect(await ages('executions', org)).toEqual([45, 1]);
    expect(await ages('execution_logs', org)).toEqual([1]);
    expect(await ages('execution_payloads', org)).toEqual([45, 1]);

    const again = await applyExecutionRetention(database.db, DEFAULTS, [], { now });
    expect(again).toMatchObject({ droppedPartitions: [], prunedExecutions: 0, prunedLogs: 0, prunedPayloads: 0 });
  });

  it('applies each organization its own retention: partitions go at the longest, shorter ones lose rows at their own cut', async () => {
    await reset();
    const short = randomUUID(); // 30 days of runs, 7 of logs
    const long = randomUUID(); // 365 days of runs, 180 of logs
    const sameAsDefault = randomUUID(); // sets 90 days: the default's group
    const defaults = randomUUID(); // sets nothing: 90 / 30
    const seeded = [400, 200, 60, 20, 5, 1];
    for (const org of [short, long, sameAsDefault, defaults]) await seed(org, seeded);
    // Every seeded month in a partition of its own (the projection's per-process cache sent months the first test dropped to the default partition).
    await database.db.transaction((tx) => ensureExecutionPartitions(tx, 'executions', new Date(daysAgo(400)), 15));
    const overrides: OrganizationRetentionOverride[] = [
      { organizationId: short, executionDays: 30, logDays: 7 },
      { organizationId: long, executionDays: 365, logDays: 180 },
      { organizationId: sameAsDefault, executionDays: 90, logDays: null },
    ];
    const before = (await partitionsOf(database.db, 'executions')).filter((p) => p.to !== null);

    // Small batches: every delete loop (one organization, all but some) goes round more than once.
    const report = await applyExecutionRetention(database.db, DEFAULTS, overrides, { now, batchSize: 2 });
    expect(report).toMatchObject({ organizations: 2, partitionCutoff: daysAgo(365), yielded: false });

    // Only months wholly older than the longest retention (365 days) were dropped: the 400-day-old month, not the 200-day-old one.
    const month = (days: number) => new Date(daysAgo(days)).toISOString().slice(0, 7);
    const dropped = before.filter((p) => report!.droppedPartitions.includes(p.name)).map((p) => p.from!.toISOString().slice(0, 7));
    expect(dropped).toContain(month(400));
    expect(dropped).not.toContain(month(200));
    expect(before.map((p) => p.from?.toISOString().slice(0, 7))).toContain(month(200));
    expect(before.every((p) => !report!.droppedPartitions.includes(p.name) || p.to! <= new Date(daysAgo(365)))).toBe(true);

    expect(await ages('executions', short)).toEqual([20, 5, 1]);
    expect(await ages('execution_logs', short)).toEqual([5, 1]);
    expect(await ages('execution_payloads', short)).toEqual([20, 5, 1]);

    expect(await ages('executions', long)).toEqual([200, 60, 20, 5, 1]);
    expect(await ages('execution_logs', long)).toEqual([60, 20, 5, 1]);
    expect(await ages('execution_payloads', long)).toEqual([200, 60, 20, 5, 1]);

    for (const org of [defaults, sameAsDefault]) {
      expect(await ages('executions', org)).toEqual([60, 20, 5, 1]);
      expect(await ages('execution_logs', org)).toEqual([20, 5, 1]);
      expect(await ages('execution_payloads', org)).toEqual([60, 20, 5, 1]);
    }

    // Runs by rows: short's 200- and 60-day-old ones, the defaults' 200-day-old ones (the 400-day-old went with their partition).
    // Logs and payloads are always rows: short 4 / 3, long 2 / 1, each of the defaults' 3 / 2.
    expect(report).toMatchObject({ prunedExecutions: 2 + 1 + 1, prunedLogs: 4 + 2 + 3 + 3, prunedPayloads: 3 + 1 + 2 + 2 });

    const again = await applyExecutionRetention(database.db, DEFAULTS, overrides, { now, batchSize: 2 });
    expect(again).toMatchObject({ droppedPartitions: [], prunedExecutions: 0, prunedLogs: 0, prunedPayloads: 0 });
  });

  it('leaves the pass to the replica that holds the job', async () => {
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const other = database.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(7340101)');
      held();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    try {
      expect(await applyExecutionRetention(database.db, DEFAULTS, [], { now })).toBeNull();
    } finally {
      release();
      await other;
    }
  });
});

describe('the retention plan', () => {
  it('cuts partitions at the longest retention, keeps logs no longer than runs, and folds default-equal organizations into the defaults', () => {
    const a = randomUUID();
    const b = randomUUID();
    const c = randomUUID();
    const plan = retentionPlan(DEFAULTS, [
      { organizationId: a, executionDays: 400, logDays: null },
      { organizationId: b, executionDays: 10, logDays: null }, // the default 30 days of logs, capped at 10
      { organizationId: c, executionDays: null, logDays: 30 },
    ]);
    expect(plan).toEqual({
      partitionDays: 400,
      defaults: DEFAULTS,
      organizations: [
        { organizationId: a, executionDays: 400, logDays: 30 },
        { organizationId: b, executionDays: 10, logDays: 10 },
      ],
    });
    expect(retentionPlan({ executionDays: 20, logDays: 30 }, []).defaults).toEqual({ executionDays: 20, logDays: 20 });
    expect(retentionPlan(DEFAULTS, [{ organizationId: a, executionDays: 1, logDays: 1 }]).partitionDays).toBe(90);
  });
});
