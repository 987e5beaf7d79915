import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type RecordedEvent } from '@weft/kernel';
import { type Queryable, type TenantTransaction, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { executionsProjection } from './executions-projection.js';
import { RunEvents } from './execution-run-fixtures.js';
import { executionLogs } from './execution-log-queries.js';
import { executionStats } from './execution-stats-queries.js';
import { findExecution, listExecutions } from './executions-queries.js';

// The executions read model on the real PostgreSQL: the lifecycle in, the API's answers
// out, redelivery applied once, `apply` and `applyBatch` alike, row-level security
// through the partitioned parents. Partitions and retention: executions-partitions.int.spec.ts.

let database: TestDatabase;
const live = new Map(executionsProjection.tables.map((table) => [table.name, table.name]));
const shadow = new Map(executionsProjection.tables.map((table) => [table.name, `${table.name}__rebuild`]));
let clock = Date.parse('2026-12-01T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();
/** The API's reads run in the organization's tenant transaction. */
const asTenant = <T>(organizationId: string, read: (tx: TenantTransaction) => Promise<T>): Promise<T> => withTenant(database.db, organizationId, read);

/** One execution's stream: events with consecutive stream versions. */
class Run extends RunEvents {
  constructor(
    organizationId: string,
    readonly workflowId = randomUUID(),
  ) {
    super(organizationId);
  }

  queued(extra: Record<string, unknown> = {}) {
    return this.event('ExecutionQueued', {
      workflowId: this.workflowId,
      workflowVersion: 3,
      mode: 'webhook',
      triggerNodeId: 'hook',
      input: [{ json: { total: 1200 } }],
      inputRef: null,
      inputItemCount: 1,
      triggeredBy: 'trigger',
      retryOf: null,
      retryAttempt: 0,
      parentExecutionId: null,
      queuedBy: null,
      queuedAt: at(),
      ...extra,
    });
  }

  started(lease = 1, workerId = `worker-${lease}`) {
    return this.event('ExecutionStarted', { workerId, lease, takeover: lease > 1, previousWorkerId: null, resumed: false, startedAt: at() });
  }

  node(nodeId: string, runIndex = 0, extra: Record<string, unknown> = {}) {
    return this.event('ExecutionNodeCompleted', {
      nodeId,
      runIndex,
      status: 'success',
      startedAt: at(),
      durationMs: 10 + runIndex,
      inputItemCount: 1,
      outputItemCount: 1,
      output: { main: [{ json: { nodeId, runIndex } }] },
      outputRef: null,
      credentialIds: [],
      ...extra,
    });
  }

  nodeFailed(nodeId: string, message: string) {
    return this.event('ExecutionNodeFailed', {
      nodeId,
      runIndex: 0,
      status: 'error',
      startedAt: at(),
      durationMs: 7,
      inputItemCount: 1,
      error: { message, nodeId },
      credentialIds: [],
    });
  }

  checkpointed() {
    return this.event('ExecutionCheckpointed', { lease: 1, checkpoint: { stack: [] }, checkpointRef: null, nodeRunCount: 1, checkpointedAt: at() });
  }

  succeeded(durationMs = 100) {
    return this.event('ExecutionSucceeded', {
      lease: 1,
      output: [{ json: { ok: true } }],
      outputRef: null,
      lastNodeId: 'notify',
      usage: { cpuMs: 5, memoryBytes: 1024, networkBytes: 10 },
      finishedAt: at(),
      durationMs,
    });
  }

  failed(message: string, durationMs: number | null = 50) {
    return this.event('ExecutionFailed', {
      lease: 1,
      error: { message, name: 'NodeError', nodeId: 'http' },
      willRetry: false,
      usage: null,
      finishedAt: at(),
      durationMs,
    });
  }
}

async function applyOneByOne(events: readonly RecordedEvent[], names = live): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await executionsProjection.apply(e, projectionTransaction(tx, names));
  });
}

async function applyBatch(events: readonly RecordedEvent[], names = live): Promise<void> {
  await database.db.transaction((tx) => executionsProjection.applyBatch!(events, projectionTransaction(tx, names)));
}

async function dump(db: Queryable, names: ReadonlyMap<string, string>, organizationId: string): Promise<unknown> {
  const executions = await db.query(`select * from ${names.get('executions')} where organization_id = $1 order by execution_id`, [organizationId]);
  const logs = await db.query(`select * from ${names.get('execution_logs')} where organization_id = $1 order by execution_id, seq`, [organizationId]);
  return JSON.parse(JSON.stringify({ executions: executions.rows, logs: logs.rows }));
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const names of [live, shadow])
    for (const table of executionsProjection.tables) for (const ddl of table.create(names.get(table.name)!)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the executions read model', () => {
  it('follows a run from queued through its node runs to success', async () => {
    const org = randomUUID();
    const run = new Run(org);
    const credential = randomUUID();
    await applyOneByOne([run.queued()]);
    expect(await asTenant(org, (tx) => findExecution(tx, run.executionId))).toMatchObject({
      status: 'running',
      startedAt: null,
      input: [{ json: { total: 1200 } }],
      nodes: {},
    });
    await applyOneByOne([
      run.started(),
      run.node('hook'),
      run.node('loop', 0),
      run.node('loop', 1, { credentialIds: [credential] }),
      run.checkpointed(),
      run.node('notify'),
    ]);
    expect(await asTenant(org, (tx) => findExecution(tx, run.executionId))).toMatchObject({ status: 'running', nodeCount: 4, credentialIds: [credential] });
    await applyOneByOne([run.succeeded(123)]);
    const view = await asTenant(org, (tx) => findExecution(tx, run.executionId));
    expect(view).toMatchObject({
      executionId: run.executionId,
      workflowId: run.workflowId,
      status: 'success',
      mode: 'webhook',
      durationMs: 123,
      output: [{ json: { ok: true } }],
      error: null,
      retryCount: 0,
      lastNodeId: 'notify',
      usage: { cpuMs: 5, memoryBytes: 1024, networkBytes: 10 },
      nodeCount: 4,
    });
    expect(view?.startedAt).not.toBeNull();
    expect(view?.finishedAt).not.toBeNull();
    expect(Object.keys(view!.nodes).sort()).toEqual(['hook', 'loop', 'notify']);
    expect(view!.nodes['loop']).toMatchObject({
      status: 'success',
      durationMs: 11,
      runs: 2,
      itemCount: 1,
      items: { main: [{ json: { nodeId: 'loop', runIndex: 1 } }] },
    });
    const logs = await asTenant(org, (tx) => executionLogs(tx, run.executionId, 2));
    const rest = await asTenant(org, (tx) => executionLogs(tx, run.executionId, 10, logs!.nextCursor!));
    expect([...logs!.data, ...rest!.data].map((l) => `${l.nodeId}#${l.runIndex}`)).toEqual(['hook#0', 'loop#0', 'loop#1', 'notify#0']);
    expect(rest!.nextCursor).toBeNull();
    expect(await asTenant(org, (tx) => executionLogs(tx, randomUUID(), 10))).toBeUndefined();
    expect(await asTenant(org, (tx) => executionLogs(tx, 'nope', 10))).toBeUndefined();
    expect(await asTenant(org, (tx) => findExecution(tx, 'not-a-uuid'))).toBeUndefined();
    const checkpoints = await database.db.query<{ n: number }>(`select count(*)::int as n from execution_logs where execution_id = $1`, [run.executionId]);
    expect(checkpoints.rows[0]?.n).toBe(4); // nothing of the checkpoint is stored
  });

  it('records a failure with its error, and the failed node', async () => {
    const org = randomUUID();
    const run = new Run(org);
    await applyOneByOne([run.queued(), run.started(), run.node('hook'), run.nodeFailed('http', 'HTTP 500'), run.failed('HTTP 500', 40)]);
    const view = await asTenant(org, (tx) => findExecution(tx, run.executionId));
    expect(view).toMatchObject({
      status: 'error',
      error: 'HTTP 500',
      errorReason: 'failed',
      durationMs: 40,
      errorDetails: { message: 'HTTP 500', nodeId: 'http', willRetry: false },
    });
    expect(view!.nodes['http']).toMatchObject({ status: 'error', error: { message: 'HTTP 500', nodeId: 'http' }, itemCount: 0, items: null, runs: 1 });
  });

  it('records a cancel and a timeout, and the retry of a failed run', async () => {
    const org = randomUUID();
    const canceled = new Run(org);
    const timedOut = new Run(org);
    const retry = new Run(org, timedOut.workflowId);
    await applyOneByOne([
      canceled.queued(),
      canceled.event('ExecutionCanceled', { reason: 'no longer needed', canceledBy: randomUUID(), canceledAt: at(), durationMs: null }),
      timedOut.queued(),
      timedOut.started(),
      timedOut.event('ExecutionTimedOut', { timeoutMs: 5000, timedOutAt: at(), durationMs: 5000 }),
      timedOut.event('ExecutionRetried', { retryExecutionId: retry.executionId, retryAttempt: 1, retriedBy: null, retriedAt: at() }),
      retry.queued({ triggeredBy: 'retry', retryOf: timedOut.executionId, retryAttempt: 1, mode: 'api' }),
    ]);
    expect(await asTenant(org, (tx) => findExecution(tx, canceled.executionId))).toMatchObject({
      status: 'canceled',
      error: 'no longer needed',
      errorReason: 'canceled',
      startedAt: null,
      durationMs: null,
    });
    expect(await asTenant(org, (tx) => findExecution(tx, timedOut.executionId))).toMatchObject({
      status: 'error',
      errorReason: 'timeout',
      error: 'Execution timed out after 5000 ms',
      durationMs: 5000,
      retriedAs: retry.executionId,
    });
    expect(await asTenant(org, (tx) => findExecution(tx, retry.executionId))).toMatchObject({
      status: 'running',
      retryCount: 1,
      retryOf: timedOut.executionId,
      triggeredBy: 'retry',
      mode: 'api',
    });
  });

  it('keeps who queued the run and from where (the reference user_id and metadata), and when it last changed', async () => {
    const org = randomUUID();
    const userId = randomUUID();
    const byUser = new Run(org);
    const queued = byUser.queued({ mode: 'manual', queuedBy: userId, maxRetries: 2 });
    Object.assign(queued, { metadata: { actorType: 'user', actorId: userId, clientIp: '203.0.113.7', userAgent: 'curl/8.5' } });
    byUser.succeeded();
    byUser.events.forEach((e, i) => Object.assign(e, { occurredAt: new Date(Date.parse('2026-12-05T09:59:00Z') + i * 60_000) }));
    const byWebhook = new Run(org);
    Object.assign(byWebhook.queued(), { metadata: { clientIp: '198.51.100.2' } });
    await applyBatch([...byUser.events, ...byWebhook.events]);
    const rows = await database.db.query<{
      execution_id: string;
      user_id: string | null;
      metadata: Record<string, unknown>;
      updated_at: Date;
      max_retries: number | null;
    }>('select execution_id, user_id, metadata, updated_at, max_retries from executions where organization_id = $1', [org]);
    const row = (run: Run) => rows.rows.find((r) => r.execution_id === run.executionId)!;
    expect(row(byUser)).toMatchObject({ user_id: userId, max_retries: 2, metadata: { ip: '203.0.113.7', userAgent: 'curl/8.5' } });
    expect(row(byUser).updated_at.toISOString()).toBe('2026-12-05T10:00:00.000Z');
    expect(row(byWebhook)).toMatchObject({ user_id: null, max_retries: null, metadata: { ip: '198.51.100.2' } });
  });

  it('shows a parked run as waiting, also while it is queued again after the resume', async () => {
    const org = randomUUID();
    const run = new Run(org);
    const until = '2026-12-24T00:00:00.000Z';
    await applyOneByOne([
      run.queued(),
      run.started(1),
      run.node('wait', 0, { status: 'waiting' }),
      run.event('ExecutionWaiting', { lease: 1, waitingOn: { nodeId: 'wait', until, webhook: false }, waitingSince: at() }),
    ]);
    const parked = await asTenant(org, (tx) => findExecution(tx, run.executionId));
    expect(parked).toMatchObject({ status: 'waiting', waitingUntil: until });
    await applyOneByOne([run.event('ExecutionResumed', { resumedBy: 'timer', resumedWith: null, resumedWithRef: null, resumedAt: at() })]);
    expect(await asTenant(org, (tx) => findExecution(tx, run.executionId))).toMatchObject({ status: 'waiting', waitingUntil: null });
    expect((await asTenant(org, (tx) => listExecutions(tx, { status: 'waiting' }, 10))).data.map((e) => e.executionId)).toEqual([run.executionId]);
    await applyOneByOne([run.started(2, 'worker-b'), run.node('wait', 1), run.succeeded()]);
    const done = await asTenant(org, (tx) => findExecution(tx, run.executionId));
    expect(done).toMatchObject({ status: 'success', startedAt: parked!.startedAt, nodes: { wait: { status: 'success', runs: 2 } } });
    const { rows } = await database.db.query('select worker_id, lease, engine_status from executions where execution_id = $1', [run.executionId]);
    expect(rows[0]).toEqual({ worker_id: 'worker-b', lease: 2, engine_status: 'success' });
  });

  it('applies redelivered and late events once: a late start does not undo success', async () => {
    const org = randomUUID();
    const run = new Run(org);
    const [q, s, n1, n2, done] = [run.queued(), run.started(), run.node('a'), run.node('b'), run.succeeded()];
    await applyOneByOne([q, s, n1, q, n1, n2, done, s, n2, q, n1]);
    expect(await asTenant(org, (tx) => findExecution(tx, run.executionId))).toMatchObject({
      status: 'success',
      nodeCount: 2,
      nodes: { a: { runs: 1 }, b: { runs: 1 } },
    });
    await applyBatch([s, n1, q, done, s]);
    expect(await asTenant(org, (tx) => findExecution(tx, run.executionId))).toMatchObject({ status: 'success', nodeCount: 2 });
  });

  it('writes the same tables with apply and with applyBatch, duplicates and late copies included', async () => {
    const org = randomUUID();
    const credential = randomUUID();
    const runs = Array.from({ length: 30 }, () => new Run(org));
    for (const [i, run] of runs.entries()) {
      run.queued({ mode: (['manual', 'webhook', 'api', 'schedule'] as const)[i % 4] });
      run.started();
      run.node('hook');
      run.node('http', 0, { credentialIds: [credential] });
      run.checkpointed();
      if (i % 5 === 0) {
        run.event('ExecutionWaiting', { lease: 1, waitingOn: { nodeId: 'wait', until: null, webhook: true }, waitingSince: at() });
        run.event('ExecutionResumed', { resumedBy: 'webhook', resumedWith: null, resumedWithRef: null, resumedAt: at() });
        run.started(2);
        run.node('wait', 0);
      }
      if (i % 3 === 0) run.succeeded(10 + i);
      else if (i % 3 === 1) run.failed('boom');
      else run.event('ExecutionCanceled', { reason: null, canceledBy: null, canceledAt: at(), durationMs: 3 });
    }
    // Interleave the streams (each in its own order), then redeliver a random sample late.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cursors = runs.map(() => 0);
    const log: RecordedEvent[] = [];
    while (cursors.some((c, i) => c < runs[i]!.events.length)) {
      const i = Math.floor(random() * runs.length);
      const run = runs[i]!;
      if (cursors[i]! < run.events.length) log.push(run.events[cursors[i]!++]!);
      if (log.length > 5 && random() < 0.2) log.push(log[Math.floor(random() * log.length)]!);
    }
    await applyOneByOne(log, live);
    const oneByOne = (await dump(database.db, live, org)) as { executions: unknown[]; logs: unknown[] };
    // Small batches split runs across batches; the whole log in one batch queues and ends every run in it.
    for (const size of [5, 37, log.length]) {
      for (const table of executionsProjection.tables) await database.db.query(`delete from ${shadow.get(table.name)} where organization_id = $1`, [org]);
      for (let start = 0; start < log.length; start += size) await applyBatch(log.slice(start, start + size), shadow);
      expect(await dump(database.db, shadow, org)).toEqual(oneByOne);
    }
    expect(oneByOne.executions).toHaveLength(30);
    expect(oneByOne.logs).toHaveLength(30 * 2 + 6);
    const statuses = (await asTenant(org, (tx) => listExecutions(tx, {}, 100))).data.map((e) => e.status);
    expect(statuses.filter((s) => s === 'success')).toHaveLength(10);
  });

  it('lists newest first with filters and a cursor', async () => {
    const org = randomUUID();
    const workflowId = randomUUID();
    const a = new Run(org, workflowId);
    const b = new Run(org);
    const c = new Run(org, workflowId);
    a.queued({ mode: 'manual' });
    b.queued({ mode: 'schedule' });
    const middle = new Date(clock + 500).toISOString();
    c.queued({ mode: 'manual' });
    a.succeeded();
    await applyBatch([...a.events, ...b.events, ...c.events]);
    const ids = async (filter: Parameters<typeof listExecutions>[1]) =>
      (await asTenant(org, (tx) => listExecutions(tx, filter, 50))).data.map((x) => x.executionId);
    expect(await ids({})).toEqual([c.executionId, b.executionId, a.executionId]);
    expect(await ids({ workflowId })).toEqual([c.executionId, a.executionId]);
    expect(await ids({ status: 'success' })).toEqual([a.executionId]);
    expect(await ids({ status: 'running' })).toEqual([c.executionId, b.executionId]);
    expect(await ids({ mode: 'schedule' })).toEqual([b.executionId]);
    expect(await ids({ from: middle })).toEqual([c.executionId]);
    expect(await ids({ to: middle })).toEqual([b.executionId, a.executionId]);
    expect(await ids({ workflowId: 'nope' })).toEqual([]);
    const first = await asTenant(org, (tx) => listExecutions(tx, {}, 2));
    const rest = await asTenant(org, (tx) => listExecutions(tx, {}, 2, first.nextCursor!));
    expect([...first.data, ...rest.data].map((x) => x.executionId)).toEqual([c.executionId, b.executionId, a.executionId]);
    expect(rest.nextCursor).toBeNull();
  });

  it('counts and times the runs of a window', async () => {
    const org = randomUUID();
    const workflowId = randomUUID();
    const from = new Date(clock).toISOString();
    const runs = Array.from({ length: 6 }, (_, i) => new Run(org, i < 5 ? workflowId : randomUUID()));
    for (const run of runs) run.queued();
    runs[0]!.succeeded(100);
    runs[1]!.succeeded(300);
    runs[2]!.failed('x', 200);
    runs[3]!.event('ExecutionCanceled', { reason: null, canceledBy: null, canceledAt: at(), durationMs: null });
    runs[4]!.started();
    runs[5]!.succeeded(1000);
    await applyBatch(runs.flatMap((r) => r.events));
    const to = new Date(clock + 1000).toISOString();
    expect(await asTenant(org, (tx) => executionStats(tx, { workflowId, from, to }))).toEqual({
      total: 5,
      succeeded: 2,
      failed: 1,
      canceled: 1,
      running: 1,
      waiting: 0,
      successRate: 0.5,
      avgDurationMs: 200,
      minDurationMs: 100,
      maxDurationMs: 300,
    });
    expect(await asTenant(org, (tx) => executionStats(tx, { from, to }))).toMatchObject({ total: 6, succeeded: 3, maxDurationMs: 1000 });
    expect(await asTenant(org, (tx) => executionStats(tx, { from: to, to }))).toMatchObject({ total: 0, successRate: null, avgDurationMs: null });
  });

  it("never shows another organization's executions, even to a query without a filter, through the partitioned parents", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    const x = new Run(mine);
    const y = new Run(theirs);
    await applyBatch([x.queued(), x.node('a'), y.queued(), y.node('a')]);
    expect(await asTenant(mine, (tx) => findExecution(tx, y.executionId))).toBeUndefined();
    expect(await asTenant(mine, (tx) => executionLogs(tx, y.executionId, 10))).toBeUndefined();
    for (const table of ['executions', 'execution_logs']) {
      const visible = await withTenant(
        database.db,
        mine,
        async (tx) => (await tx.query<{ organization_id: string }>(`select organization_id from ${table}`)).rows,
      );
      expect(new Set(visible.map((r) => r.organization_id))).toEqual(new Set([mine]));
    }
    // A transaction that claims another organization: row-level security still shows only its own.
    const viaQueries = await withTenant(database.db, mine, async (tx) => listExecutions({ ...tx, organizationId: theirs }, {}, 10));
    expect(viaQueries.data).toEqual([]);
    // A partition has no grant: the reader role cannot go around the parent's policy.
    await expect(withTenant(database.db, mine, (tx) => tx.query('select * from execution_logs_h0'))).rejects.toThrow(/permission denied/);
  });

  it('applies a batch of 1000 runs of 9 events each', async () => {
    const org = randomUUID();
    const runs = Array.from({ length: 1000 }, () => new Run(org));
    for (const run of runs) {
      run.queued();
      run.started();
      for (const node of ['hook', 'set', 'if', 'http', 'notify']) run.node(node);
      run.checkpointed();
      run.succeeded();
    }
    // In log order: the streams interleave by time, which here means by step.
    const events = Array.from({ length: 9 }, (_, step) => runs.map((r) => r.events[step]!)).flat();
    const started = performance.now();
    await applyBatch(events, shadow);
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`applyBatch: ${events.length} events (1000 runs) in ${seconds.toFixed(2)} s\n`);
    const { rows } = await database.db.query<{ n: number }>(
      `select count(*)::int as n from executions__rebuild where organization_id = $1 and status = 'success' and node_count = 5`,
      [org],
    );
    expect(rows[0]?.n).toBe(1000);
    expect(seconds).toBeLessThan(20);
  });
});
