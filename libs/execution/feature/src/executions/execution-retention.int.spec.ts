import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { migrateUp, tenantIsolationMigrations } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { executionsProjection } from '@weft/read-model-executions';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { executionPayloadMigrations } from '../runner/execution-payloads.js';
import { applyExecutionRetention } from './execution-retention.js';

// The retention job on the real PostgreSQL: old months of `executions` go as whole
// partitions, old log rows and stored payloads as rows, the recent ones stay, and a
// second run finds nothing more to do.

let database: TestDatabase;
const names = new Map(executionsProjection.tables.map((table) => [table.name, table.name]));
const now = new Date('2026-12-02T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const org = randomUUID();

function run(queuedAt: string): RecordedEvent[] {
  const executionId = randomUUID();
  const base = { streamId: `execution.Execution-${executionId}`, schemaVersion: 1, metadata: {}, occurredAt: new Date(queuedAt) };
  const queued = { executionId, organizationId: org, workflowId: randomUUID(), workflowVersion: 1, mode: 'manual', triggerNodeId: null, input: null, inputRef: null, inputItemCount: null, triggeredBy: 'trigger', retryOf: null, retryAttempt: 0, parentExecutionId: null, queuedBy: null, queuedAt };
  const node = { executionId, organizationId: org, nodeId: 'start', runIndex: 0, status: 'success', startedAt: queuedAt, durationMs: 1, inputItemCount: 1, outputItemCount: 1, output: null, outputRef: null, credentialIds: [] };
  return [
    { ...base, eventId: randomUUID(), streamVersion: 0, type: 'ExecutionQueued', data: queued },
    { ...base, eventId: randomUUID(), streamVersion: 1, type: 'ExecutionNodeCompleted', data: node },
  ] as unknown as RecordedEvent[];
}

const count = async (sql: string) => Number((await database.db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  await migrateUp(database.db, executionPayloadMigrations);
  for (const table of executionsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('execution retention', () => {
  it('drops whole old months, prunes old logs and payloads, keeps the recent, and is idempotent', async () => {
    const events = [...run(daysAgo(200)), ...run(daysAgo(45)), ...run(daysAgo(1))];
    await database.db.transaction((tx) => executionsProjection.applyBatch!(events, projectionTransaction(tx, names)));
    for (const [days, kind] of [[200, 'input'], [1, 'output']] as const) {
      await database.db.query(`insert into execution_payloads (id, organization_id, execution_id, kind, data, created_at) values ($1, $2, $3, $4, '{}', $5)`, [randomUUID(), org, randomUUID(), kind, daysAgo(days)]);
    }
    expect(await count('select count(*) as n from executions')).toBe(3);

    const report = await applyExecutionRetention(database.db, { executionDays: 90, logDays: 30 }, now);
    expect(report.droppedPartitions.length).toBeGreaterThanOrEqual(1);
    expect(report.prunedLogs).toBe(2); // the 200- and 45-day-old runs' node rows
    expect(report.prunedPayloads).toBe(1);
    expect(await count('select count(*) as n from executions')).toBe(2);
    expect(await count(`select count(*) as n from executions where created_at < '${daysAgo(90)}'`)).toBe(0);
    expect(await count('select count(*) as n from execution_logs')).toBe(1);

    const again = await applyExecutionRetention(database.db, { executionDays: 90, logDays: 30 }, now);
    expect(again).toMatchObject({ droppedPartitions: [], prunedLogs: 0, prunedPayloads: 0 });
  });
});
