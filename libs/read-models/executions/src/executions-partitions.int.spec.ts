import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type Queryable, tenantIsolationMigrations } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { dropExecutionPartitionsBefore, ensureExecutionPartitions, partitionsOf, pruneExecutionLogsBefore } from './executions-partitions.js';
import { executionsProjection } from './executions-projection.js';
import { executionsTables } from './executions-tables.js';

// Partitions of the executions read model on the real PostgreSQL: monthly partitions of
// `executions` (made ahead, on demand, and out of the default partition), retention by
// partition and by rows, and partitions that survive a rebuild's swap renames.

let database: TestDatabase;
const names = new Map(executionsProjection.tables.map((table) => [table.name, table.name]));

function event(executionId: string, version: number, type: string, data: Record<string, unknown>): RecordedEvent {
  return {
    eventId: randomUUID(),
    streamId: `execution.Execution-${executionId}`,
    streamVersion: version,
    type,
    schemaVersion: 1,
    data: { executionId, ...data },
    metadata: {},
    occurredAt: new Date(),
  } as unknown as RecordedEvent;
}

function queued(organizationId: string, queuedAt: string) {
  const executionId = randomUUID();
  const e = event(executionId, 0, 'ExecutionQueued', {
    organizationId,
    workflowId: randomUUID(),
    workflowVersion: 1,
    mode: 'manual',
    triggerNodeId: null,
    input: null,
    inputRef: null,
    inputItemCount: null,
    triggeredBy: 'trigger',
    retryOf: null,
    retryAttempt: 0,
    parentExecutionId: null,
    queuedBy: null,
    queuedAt,
  });
  return { executionId, e };
}

const nodeRun = (organizationId: string, executionId: string, version: number, startedAt: string) =>
  event(executionId, version, 'ExecutionNodeCompleted', {
    organizationId,
    nodeId: `n${version}`,
    runIndex: 0,
    status: 'success',
    startedAt,
    durationMs: 1,
    inputItemCount: 0,
    outputItemCount: 0,
    output: null,
    outputRef: null,
    credentialIds: [],
  });

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction((tx) => executionsProjection.applyBatch!(events, projectionTransaction(tx, names)));
}

async function create(db: Queryable, logical: string, physical: string): Promise<void> {
  const table = executionsTables.find((t) => t.name === logical)!;
  for (const ddl of table.create(physical)) await db.query(ddl);
}

async function partitionOf(table: string, executionId: string): Promise<string> {
  const { rows } = await database.db.query<{ partition: string }>(`select tableoid::regclass::text as partition from ${table} where execution_id = $1`, [
    executionId,
  ]);
  return rows[0]!.partition;
}

/** What the projection runtime's swap does (libs/shared/projections tables.ts): renames the parents and what is named after them. */
async function swap(live: string): Promise<void> {
  const shadow = `${live}__rebuild`;
  await database.db.transaction(async (tx) => {
    await tx.query(`alter table ${live} rename to ${live}__old`);
    await tx.query(`alter table ${shadow} rename to ${live}`);
    await tx.query(`drop table ${live}__old`);
    const constraints = await tx.query<{ name: string }>(
      'select conname as name from pg_constraint where conrelid = $1::regclass and starts_with(conname, $2)',
      [live, shadow],
    );
    for (const { name } of constraints.rows) await tx.query(`alter table ${live} rename constraint ${name} to ${live}${name.slice(shadow.length)}`);
    const indexes = await tx.query<{ name: string }>(
      'select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = $1::regclass and starts_with(c.relname, $2)',
      [live, shadow],
    );
    for (const { name } of indexes.rows) await tx.query(`alter index ${name} rename to ${live}${name.slice(shadow.length)}`);
  });
}

const month = (iso: string) => new Date(`${iso}-01T00:00:00Z`);

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of executionsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the partitions of the executions read model', () => {
  it('puts each run into the partition of its month, creating an old month on demand', async () => {
    const org = randomUUID();
    const now = new Date();
    const thisMonth = `${now.getUTCFullYear()}m${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const current = queued(org, now.toISOString());
    const old = queued(org, '2025-06-15T10:00:00.000Z');
    await apply(current.e, old.e);
    expect(await partitionOf('executions', current.executionId)).toBe(`executions_y${thisMonth}`);
    expect(await partitionOf('executions', old.executionId)).toBe('executions_y2025m06');
    const partitions = await partitionsOf(database.db, 'executions');
    expect(partitions.filter((p) => p.isDefault).map((p) => p.name)).toEqual(['executions_default']);
    expect(partitions.find((p) => p.name === 'executions_y2025m06')).toMatchObject({ from: month('2025-06'), to: month('2025-07') });
    // The logs: sixteen hash partitions.
    expect(await partitionsOf(database.db, 'execution_logs')).toHaveLength(16);
  });

  it('creates months ahead idempotently, and moves rows a month left in the default partition', async () => {
    expect(await ensureExecutionPartitions(database.db, 'executions', month('2031-01'), 3)).toEqual([
      'executions_y2031m01',
      'executions_y2031m02',
      'executions_y2031m03',
    ]);
    expect(await ensureExecutionPartitions(database.db, 'executions', month('2031-01'), 3)).toEqual([]);
    const org = randomUUID();
    const stranded = queued(org, '2032-05-03T00:00:00.000Z');
    // Written while 2032-05 had no partition (the projection makes one first; a plain insert does not).
    await database.db.query(
      `insert into executions (execution_id, organization_id, workflow_id, workflow_version, status, engine_status, status_version, mode, triggered_by, created_at)
       values ($1, $2, $3, 1, 'running', 'queued', 0, 'manual', 'trigger', '2032-05-03T00:00:00Z')`,
      [stranded.executionId, org, randomUUID()],
    );
    expect(await partitionOf('executions', stranded.executionId)).toBe('executions_default');
    await expect(
      database.db.query("create table executions_y2032m05 partition of executions for values from ('2032-05-01Z') to ('2032-06-01Z')"),
    ).rejects.toThrow(/default partition/);
    const created = await database.db.transaction((tx) => ensureExecutionPartitions(tx, 'executions', month('2032-04'), 3));
    expect(created).toEqual(['executions_y2032m04', 'executions_y2032m05', 'executions_y2032m06']);
    expect(await partitionOf('executions', stranded.executionId)).toBe('executions_y2032m05');
    expect((await partitionsOf(database.db, 'executions')).filter((p) => p.isDefault)).toHaveLength(1);
  });

  it('drops only whole months before the cutoff', async () => {
    await ensureExecutionPartitions(database.db, 'executions', month('2024-01'), 4);
    const org = randomUUID();
    const january = queued(org, '2024-01-20T00:00:00.000Z');
    const march = queued(org, '2024-03-20T00:00:00.000Z');
    await apply(january.e, march.e);
    const dropped = await dropExecutionPartitionsBefore(database.db, 'executions', new Date('2024-03-15T00:00:00Z'));
    expect(dropped).toEqual(['executions_y2024m01', 'executions_y2024m02']);
    const { rows } = await database.db.query<{ execution_id: string }>('select execution_id from executions where organization_id = $1', [org]);
    expect(rows.map((r) => r.execution_id)).toEqual([march.executionId]);
    expect((await partitionsOf(database.db, 'executions')).map((p) => p.name)).toEqual(
      expect.arrayContaining(['executions_default', 'executions_y2024m03', 'executions_y2024m04']),
    );
    expect(await dropExecutionPartitionsBefore(database.db, 'executions', new Date('2024-03-15T00:00:00Z'))).toEqual([]);
  });

  it('prunes old log rows in batches', async () => {
    const org = randomUUID();
    const run = queued(org, '2026-12-01T10:00:00.000Z');
    await apply(
      run.e,
      nodeRun(org, run.executionId, 1, '2026-10-01T00:00:00.000Z'),
      nodeRun(org, run.executionId, 2, '2026-10-02T00:00:00.000Z'),
      nodeRun(org, run.executionId, 3, '2026-10-03T00:00:00.000Z'),
      nodeRun(org, run.executionId, 4, '2026-12-01T10:00:01.000Z'),
    );
    expect(await pruneExecutionLogsBefore(database.db, new Date('2026-11-01T00:00:00Z'), { batchSize: 2 })).toBe(3);
    const { rows } = await database.db.query<{ seq: number }>('select seq from execution_logs where execution_id = $1', [run.executionId]);
    expect(rows.map((r) => r.seq)).toEqual([4]);
  });

  it('keeps working across rebuild swaps, which rename only the parents', async () => {
    for (const [logical, physical] of [
      ['executions', 'rb_executions'],
      ['execution_logs', 'rb_logs'],
    ] as const) {
      await create(database.db, logical, physical);
      for (let rebuild = 1; rebuild <= 2; rebuild++) {
        await create(database.db, logical, `${physical}__rebuild`); // the second time, the live partitions still carry these names
        await swap(physical);
      }
      const partitions = await partitionsOf(database.db, physical);
      expect(partitions.length).toBeGreaterThanOrEqual(logical === 'executions' ? 4 : 16);
    }
    const rb = new Map([
      ['executions', 'rb_executions'],
      ['execution_logs', 'rb_logs'],
    ]);
    const org = randomUUID();
    const run = queued(org, '2023-02-02T00:00:00.000Z');
    await database.db.transaction((tx) =>
      executionsProjection.applyBatch!([run.e, nodeRun(org, run.executionId, 1, '2023-02-02T00:00:01.000Z')], projectionTransaction(tx, rb)),
    );
    expect(await partitionOf('rb_executions', run.executionId)).toBe('rb_executions_y2023m02');
    expect(await ensureExecutionPartitions(database.db, 'rb_executions', month('2023-02'), 1)).toEqual([]);
    // ensureExecutionPartitions gives the swapped partitions the parent's name again.
    expect((await partitionsOf(database.db, 'rb_executions')).map((p) => p.name).filter((n) => n.includes('__'))).toEqual([]);
    const constraints = await database.db.query<{ name: string }>(
      "select conname as name from pg_constraint where conrelid = 'rb_executions'::regclass order by 1",
    );
    expect(constraints.rows.map((r) => r.name)).toContain('rb_executions_pkey');
  });
});
