import { randomUUID } from 'node:crypto';
import { tickId } from '@weft/execution-domain';
import { UserError } from '@weft/kernel';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { executionCatalogProjection } from '../catalog/catalog-projection.js';
import { type RunnableVersion } from '../executions/execution-catalog.js';
import { type RunRequest } from '../runner/run-request.js';
import { scheduleStateMigrations } from './schedule-state.js';
import { Scheduler, type TickStarter, type VersionSource } from './scheduler.js';

// The Scheduler on the real PostgreSQL (catalog table + its state table), two instances
// as two replicas, on injected instants. The executions are a table with the execution id
// as primary key, standing in for the Execution stream appended with `no_stream`
// (which the e2e spec exercises for real).

let database: TestDatabase;
const org = randomUUID();
const owner = randomUUID();
const T0 = new Date('2026-12-02T10:00:00.300Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A starter shared by the replicas: the first to insert an id queues it; an id queued under another version conflicts, as the decider does. */
function starter(db: TestDatabase['db'], fail?: (request: RunRequest) => boolean): TickStarter & { requests: RunRequest[] } {
  const requests: RunRequest[] = [];
  return {
    requests,
    request: (runnable, run) => ({
      executionId: randomUUID(),
      organizationId: runnable.organizationId,
      workflowId: runnable.workflowId,
      version: runnable.version,
      definition: runnable.workflow,
      ...run,
    }),
    start: async (request) => {
      if (fail?.(request)) throw new Error('database down');
      requests.push(request);
      const { rows } = await db.query<{ version: number }>('select version from tick_runs where execution_id = $1', [request.executionId]);
      if (rows[0] !== undefined && rows[0].version !== request.version) throw new UserError('conflict', 'execution.exists', 'This execution already exists.');
      const inserted = await db.query(
        'insert into tick_runs (execution_id, workflow_id, version, trigger_node_id, scheduled_at, mode) values ($1, $2, $3, $4, $5, $6) on conflict do nothing',
        [
          request.executionId,
          request.workflowId,
          request.version,
          request.triggerNodeId,
          (request.items[0]?.json as { timestamp: string }).timestamp,
          request.mode,
        ],
      );
      return inserted.rowCount === 1
        ? { executionId: request.executionId, status: 'running' }
        : { executionId: request.executionId, status: 'running', duplicate: true };
    },
  };
}

const settingsOf = new Map<string, Record<string, unknown>>();
const versions: VersionSource = {
  version: async (organizationId, workflowId, version) =>
    settingsOf.has(`${workflowId}@${version}`)
      ? ({
          organizationId,
          workflowId,
          version,
          authorId: owner,
          workflow: { id: workflowId, nodes: [], connections: [], settings: settingsOf.get(`${workflowId}@${version}`) },
        } as unknown as RunnableVersion)
      : undefined,
};

async function activate(workflowId: string, version: number, activatedAt: Date, schedules: unknown[], settings: Record<string, unknown> = {}): Promise<void> {
  settingsOf.set(`${workflowId}@${version}`, settings);
  await database.db.query(
    `insert into execution_active_workflows (workflow_id, organization_id, version, owner_id, schedules, activated_at, position) values ($1, $2, $3, $4, $5, $6, 1)
     on conflict (workflow_id) do update set version = excluded.version, schedules = excluded.schedules, activated_at = excluded.activated_at`,
    [workflowId, org, version, owner, JSON.stringify(schedules), activatedAt],
  );
}
const deactivate = (workflowId: string) => database.db.query('delete from execution_active_workflows where workflow_id = $1', [workflowId]);
const cron = (expression: string, nodeId = 'tick') => ({ nodeId, cron: expression, interval: null, timezone: null });
const replica = (executions: TickStarter) => new Scheduler(database.db, executions as never, versions as never, { autoStart: false });

async function runs(workflowId: string): Promise<{ scheduled_at: string; version: number; execution_id: string }[]> {
  return (
    await database.db.query<{ scheduled_at: string; version: number; execution_id: string }>(
      'select scheduled_at, version, execution_id from tick_runs where workflow_id = $1 order by scheduled_at',
      [workflowId],
    )
  ).rows;
}
const times = async (workflowId: string) => (await runs(workflowId)).map((run) => run.scheduled_at);
const lastFired = async (workflowId: string) =>
  (
    await database.db.query<{ last_fired_at: Date }>('select last_fired_at from execution_schedule_state where workflow_id = $1', [workflowId])
  ).rows[0]?.last_fired_at.toISOString();

beforeAll(async () => {
  database = await createTestDatabase({ migrations: [...tenantIsolationMigrations, ...scheduleStateMigrations] });
  for (const table of executionCatalogProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
  await database.db.query(
    'create table tick_runs (execution_id uuid primary key, workflow_id uuid not null, version integer not null, trigger_node_id text, scheduled_at text not null, mode text not null)',
  );
}, 60_000);

afterEach(async () => {
  await database.db.query('delete from execution_active_workflows');
});

afterAll(async () => {
  await database?.drop();
});

describe('Scheduler', () => {
  it('two replicas scanning the same instants queue each tick once, under its tick id, and share the last fired tick', async () => {
    const workflowId = randomUUID();
    await activate(workflowId, 1, T0, [cron('* * * * * *')]);
    const executions = starter(database.db);
    const [a, b] = [replica(executions), replica(executions)];
    const results = [];
    for (let s = 1; s <= 4; s++) results.push(...(await Promise.all([a.scan(at(s)), b.scan(at(s))])));
    expect(await times(workflowId)).toEqual(['2026-12-02T10:00:01.000Z', '2026-12-02T10:00:02.000Z', '2026-12-02T10:00:03.000Z', '2026-12-02T10:00:04.000Z']);
    // Each tick was queued by one of them; the other found it taken or already recorded as fired.
    expect(results.reduce((n, r) => n + r.queued, 0)).toBe(4);
    expect(results.every((r) => r.failed === 0)).toBe(true);
    for (const run of await runs(workflowId)) expect(run.execution_id).toBe(tickId(workflowId, 'tick', new Date(run.scheduled_at)));
    expect(executions.requests.every((r) => r.mode === 'schedule' && r.triggerNodeId === 'tick' && r.actorId === null)).toBe(true);
    expect(await lastFired(workflowId)).toBe('2026-12-02T10:00:04.000Z');
    await deactivate(workflowId);
  });

  it('a replica behind the shared state fires nothing the other one fired (it reads the table, not only its memory)', async () => {
    const workflowId = randomUUID();
    await activate(workflowId, 1, T0, [cron('*/10 * * * * *')], { missedTicks: 'fireAll' });
    const executions = starter(database.db);
    const [a, b] = [replica(executions), replica(executions)];
    await a.scan(at(25));
    expect(await times(workflowId)).toEqual(['2026-12-02T10:00:10.000Z', '2026-12-02T10:00:20.000Z']);
    const before = executions.requests.length;
    expect(await b.scan(at(25))).toMatchObject({ queued: 0, duplicates: 0 });
    expect(executions.requests.length).toBe(before);
    await deactivate(workflowId);
  });

  it('after downtime follows settings.missedTicks: skip (default), fireOnce, fireAll', async () => {
    const policies = {
      skip: ['10:01:00', '10:20:00'],
      fireOnce: ['10:01:00', '10:19:00', '10:20:00'],
      fireAll: ['10:01:00', ...Array.from({ length: 19 }, (_, i) => `10:${String(i + 2).padStart(2, '0')}:00`)],
    };
    for (const [policy, expected] of Object.entries(policies)) {
      const workflowId = randomUUID();
      await activate(workflowId, 1, T0, [cron('* * * * *')], policy === 'skip' ? {} : { missedTicks: policy });
      await replica(starter(database.db)).scan(at(61)); // fires 10:01, then the process is gone
      await replica(starter(database.db)).scan(at(20 * 60 + 10)); // a new process, 19 minutes later
      expect(await times(workflowId)).toEqual(expected.map((time) => `2026-12-02T${time}.000Z`));
      expect(await lastFired(workflowId)).toBe('2026-12-02T10:20:00.000Z');
      await deactivate(workflowId);
    }
  });

  it('a re-activation fires no tick from before it, and a deactivation stops the ticks at the next scan', async () => {
    const workflowId = randomUUID();
    const executions = starter(database.db);
    const a = replica(executions);
    await activate(workflowId, 1, T0, [cron('* * * * * *')], { missedTicks: 'fireAll' });
    await a.scan(at(2));
    await deactivate(workflowId);
    expect(await a.scan(at(3))).toMatchObject({ schedules: 0, queued: 0 });
    await activate(workflowId, 2, at(30.5), [cron('* * * * * *')], { missedTicks: 'fireAll' });
    await a.scan(at(32));
    await replica(executions).scan(at(32)); // a fresh replica too: the table's 10:00:02 is before the activation
    const all = await runs(workflowId);
    expect(all.map((run) => [run.scheduled_at, run.version])).toEqual([
      ['2026-12-02T10:00:01.000Z', 1],
      ['2026-12-02T10:00:02.000Z', 1],
      ['2026-12-02T10:00:31.000Z', 2],
      ['2026-12-02T10:00:32.000Z', 2],
    ]);
    await deactivate(workflowId);
  });

  it('a tick taken under another version (a replica on the previous activation) counts as a duplicate', async () => {
    const workflowId = randomUUID();
    const executions = starter(database.db);
    await activate(workflowId, 1, T0, [cron('* * * * * *')]);
    await replica(executions).scan(at(1));
    await activate(workflowId, 2, T0, [cron('* * * * * *')]);
    await database.db.query('delete from execution_schedule_state where workflow_id = $1', [workflowId]); // as if its write had not landed yet
    expect(await replica(executions).scan(at(1))).toMatchObject({ queued: 0, duplicates: 1, failed: 0 });
    await deactivate(workflowId);
  });

  it('logs and skips a schedule that does not compute or whose version is gone; the others fire; a failed queue is retried', async () => {
    const good = randomUUID();
    const badCron = randomUUID();
    const gone = randomUUID();
    await activate(good, 1, T0, [cron('* * * * * *'), cron('nonsense', 'broken')]);
    await activate(badCron, 1, T0, [{ nodeId: 'tick', cron: '* * * * * *', interval: null, timezone: 'Mars/Olympus' }]);
    await activate(gone, 1, T0, [cron('* * * * * *')]);
    settingsOf.delete(`${gone}@1`);
    let down = true;
    const executions = starter(database.db, (request) => down && request.workflowId === good && request.triggerNodeId === 'tick');
    const a = replica(executions);
    expect(await a.scan(at(1))).toMatchObject({ schedules: 4, queued: 0, failed: 4 });
    down = false;
    expect(await a.scan(at(2))).toMatchObject({ queued: 2, failed: 0 }); // the failed 10:00:01 and the on-time 10:00:02; the broken ones wait 10 s
    expect(await times(good)).toEqual(['2026-12-02T10:00:01.000Z', '2026-12-02T10:00:02.000Z']);
    expect(await times(badCron)).toEqual([]);
    expect(await times(gone)).toEqual([]);
    expect(await a.scan(at(12))).toMatchObject({ failed: 3 });
    for (const id of [good, badCron, gone]) await deactivate(id);
  });

  it('without its state table still fires on-time ticks once, from memory', async () => {
    const bare = await createTestDatabase({ migrations: tenantIsolationMigrations });
    try {
      for (const table of executionCatalogProjection.tables) for (const ddl of table.create(table.name)) await bare.db.query(ddl);
      await bare.db.query(
        'create table tick_runs (execution_id uuid primary key, workflow_id uuid not null, version integer not null, trigger_node_id text, scheduled_at text not null, mode text not null)',
      );
      const workflowId = randomUUID();
      settingsOf.set(`${workflowId}@1`, {});
      await bare.db.query(
        `insert into execution_active_workflows (workflow_id, organization_id, version, owner_id, schedules, activated_at, position) values ($1, $2, 1, $3, $4, $5, 1)`,
        [workflowId, org, owner, JSON.stringify([cron('* * * * * *')]), T0],
      );
      const scheduler = new Scheduler(bare.db, starter(bare.db) as never, versions as never, { autoStart: false });
      for (let s = 1; s <= 3; s++) await scheduler.scan(at(s));
      expect(await scheduler.scan(at(3))).toMatchObject({ queued: 0, failed: 0 });
      expect((await bare.db.query('select scheduled_at from tick_runs order by scheduled_at')).rows.map((row) => row['scheduled_at'])).toEqual([
        '2026-12-02T10:00:01.000Z',
        '2026-12-02T10:00:02.000Z',
        '2026-12-02T10:00:03.000Z',
      ]);
    } finally {
      await bare.drop();
    }
  });
});
