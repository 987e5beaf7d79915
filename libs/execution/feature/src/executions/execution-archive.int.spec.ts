import { randomUUID } from 'node:crypto';
import { type OrganizationRetentionOverride } from '@weft/kernel';
import { migrateUp, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { ensureExecutionPartitions, executionsProjection, findExecution, listExecutions, partitionsOf } from '@weft/read-model-executions';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { executionRuntimeMigrations } from '../execution-migrations.js';
import { applyExecutionRetention } from './execution-retention.js';
import { RetentionFixtures } from './execution-retention-fixtures.js';

// Archival on the real PostgreSQL: runs past their retention move to executions_archive
// (each batch's delete and insert one statement), the emptied hot months are dropped,
// the archive keeps them until its own retention, the API's queries read them as their
// organization only, and a run a rebuild brought back is archived once.

let database: TestDatabase;
let fixtures: RetentionFixtures;
const now = new Date('2026-12-02T12:00:00Z');
const DEFAULTS = { executionDays: 90, logDays: 30 };
const ARCHIVE_DAYS = 365;
const month = (days: number) => fixtures.daysAgo(days).slice(0, 7);
/** The monthly partition of `parent` holding runs `days` old: `<parent>_yYYYYmMM`. */
const partitionName = (parent: string, days: number) => `${parent}_y${month(days).replace('-', 'm')}`;

async function reset(): Promise<void> {
  for (const table of ['executions', 'executions_archive', 'execution_logs', 'execution_payloads']) await database.db.query(`truncate ${table}`);
  // Every month of the seeded ages in a partition of its own, so whole old months can go.
  await database.db.transaction((tx) => ensureExecutionPartitions(tx, 'executions', new Date(fixtures.daysAgo(500)), 18));
}

async function ids(table: 'executions' | 'executions_archive'): Promise<string[]> {
  const { rows } = await database.db.query<{ execution_id: string }>(`select execution_id from ${table} order by execution_id`);
  return rows.map((row) => row.execution_id);
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  fixtures = new RetentionFixtures(database.db, now);
  await migrateUp(database.db, executionRuntimeMigrations);
  for (const table of executionsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('execution archival', () => {
  it('moves runs past retention to the archive, drops the emptied months, and drops the archive past its own retention', async () => {
    await reset();
    const org = randomUUID();
    const [, twoHundred, fortyFive, one] = await fixtures.seed(org, [500, 200, 45, 1]);
    const hotMonths = (await partitionsOf(database.db, 'executions')).filter((p) => p.from !== null).map((p) => p.from!.toISOString().slice(0, 7));
    expect(hotMonths).toEqual(expect.arrayContaining([month(500), month(200)]));

    const report = await applyExecutionRetention(database.db, DEFAULTS, [], { now, archiveDays: ARCHIVE_DAYS, batchSize: 1 });
    expect(report).toMatchObject({ archivedExecutions: 2, prunedExecutions: 0, prunedArchivedExecutions: 0, prunedLogs: 3, prunedPayloads: 2, yielded: false });
    expect(report!.analyzed).toEqual(['executions', 'executions_archive']);
    expect(await fixtures.ages('executions', org)).toEqual([45, 1]);
    // The 500-day-old run was archived, and its archive month (past 365 days) dropped in the same pass.
    expect(await fixtures.ages('executions_archive', org)).toEqual([200]);
    expect(report!.droppedArchivePartitions).toContain(partitionName('executions_archive', 500));
    // The emptied hot months went; the months of the runs kept stayed.
    expect(report!.droppedPartitions).toEqual(expect.arrayContaining([partitionName('executions', 500), partitionName('executions', 200)]));
    const remaining = (await partitionsOf(database.db, 'executions')).map((p) => p.name);
    expect(remaining).toEqual(expect.arrayContaining([partitionName('executions', 45), partitionName('executions', 1)]));

    // Archived rows are in their month's partition, not the archive's default one.
    const { rows } = await database.db.query<{ partition: string }>('select tableoid::regclass::text as partition from executions_archive');
    expect(rows.map((row) => row.partition)).toEqual([partitionName('executions_archive', 200)]);

    expect(await ids('executions')).toEqual([fortyFive, one].sort());
    expect(await ids('executions_archive')).toEqual([twoHundred]);
    const again = await applyExecutionRetention(database.db, DEFAULTS, [], { now, archiveDays: ARCHIVE_DAYS });
    expect(again).toMatchObject({ archivedExecutions: 0, droppedPartitions: [], droppedArchivePartitions: [], analyzed: [] });
  });

  it('archives an organization that keeps less at its own cut, and each organization reads only its own archive', async () => {
    await reset();
    const short = randomUUID();
    const other = randomUUID();
    const shortRuns = await fixtures.seed(short, [60, 45, 20, 1]);
    await fixtures.seed(other, [60, 45, 20, 1]);
    const overrides: OrganizationRetentionOverride[] = [{ organizationId: short, executionDays: 30, logDays: 7 }];

    const report = await applyExecutionRetention(database.db, DEFAULTS, overrides, { now, archiveDays: ARCHIVE_DAYS, batchSize: 1 });
    expect(report).toMatchObject({ archivedExecutions: 2 });
    expect(await fixtures.ages('executions', short)).toEqual([20, 1]);
    expect(await fixtures.ages('executions_archive', short)).toEqual([60, 45]);
    expect(await fixtures.ages('executions', other)).toEqual([60, 45, 20, 1]);

    const archived = await withTenant(database.db, short, (tx) => listExecutions(tx, { archived: true }, 10));
    expect(archived.data.map((run) => run.executionId)).toEqual([shortRuns[1], shortRuns[0]]);
    expect(archived.data.every((run) => run.archived)).toBe(true);
    const page = await withTenant(database.db, short, (tx) => listExecutions(tx, { archived: true }, 1));
    const next = await withTenant(database.db, short, (tx) => listExecutions(tx, { archived: true }, 1, page.nextCursor!));
    expect([...page.data, ...next.data].map((run) => run.executionId)).toEqual([shortRuns[1], shortRuns[0]]);

    expect(await withTenant(database.db, short, (tx) => findExecution(tx, shortRuns[0]!, true))).toMatchObject({ executionId: shortRuns[0], archived: true });
    expect(await withTenant(database.db, short, (tx) => findExecution(tx, shortRuns[0]!))).toBeUndefined();
    expect(await withTenant(database.db, short, (tx) => findExecution(tx, shortRuns[3]!))).toMatchObject({ archived: false });
    // Another organization sees none of it, whether the query filters or only row-level security does.
    expect((await withTenant(database.db, other, (tx) => listExecutions(tx, { archived: true }, 10))).data).toEqual([]);
    expect(await withTenant(database.db, other, (tx) => findExecution(tx, shortRuns[0]!, true))).toBeUndefined();
    const unfiltered = await withTenant(database.db, other, (tx) => tx.query('select execution_id from executions_archive'));
    expect(unfiltered.rows).toEqual([]);
  });

  it('archives a run a rebuild brought back into the hot table once, and carries a column the hot table gained', async () => {
    await reset();
    const org = randomUUID();
    const [old] = await fixtures.seed(org, [200]);
    await applyExecutionRetention(database.db, DEFAULTS, [], { now, archiveDays: ARCHIVE_DAYS });
    expect(await ids('executions_archive')).toEqual([old]);

    await database.db.query(`insert into executions select * from executions_archive where execution_id = $1`, [old]);
    await database.db.query('alter table executions add column if not exists note_for_archive_test text');
    try {
      const [newer] = await fixtures.seed(org, [150]);
      await database.db.query(`update executions set note_for_archive_test = 'kept' where execution_id = $1`, [newer]);
      const report = await applyExecutionRetention(database.db, DEFAULTS, [], { now, archiveDays: ARCHIVE_DAYS });
      expect(report).toMatchObject({ archivedExecutions: 2 });
      expect(await ids('executions')).toEqual([]);
      expect(await ids('executions_archive')).toEqual([old, newer].sort());
      const { rows } = await database.db.query<{ note: string | null }>(
        'select note_for_archive_test as note from executions_archive where execution_id = $1',
        [newer],
      );
      expect(rows).toEqual([{ note: 'kept' }]);
    } finally {
      await database.db.query('alter table executions drop column if exists note_for_archive_test');
      await database.db.query('alter table executions_archive drop column if exists note_for_archive_test');
    }
  });
});
