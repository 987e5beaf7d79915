import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type Queryable, type TenantTransaction, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { type ExecutionLogEntry, executionLogs } from './execution-log-queries.js';
import { executionsProjection } from './executions-projection.js';
import { RunEvents } from './execution-run-fixtures.js';

// The execution log on the real PostgreSQL: node runs as lines with their level (started
// and finished, failed, retried, waiting), what their node logged after them, once
// however often the events come; the level filter, its cursor, and its index.

let database: TestDatabase;
const live = new Map(executionsProjection.tables.map((table) => [table.name, table.name]));
const shadow = new Map(executionsProjection.tables.map((table) => [table.name, `${table.name}__rebuild`]));
let clock = Date.parse('2026-12-05T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();
const asTenant = <T>(organizationId: string, read: (tx: TenantTransaction) => Promise<T>): Promise<T> => withTenant(database.db, organizationId, read);

/** One execution's stream: events with consecutive stream versions. */
class Run extends RunEvents {
  queued() {
    const input = { input: null, inputRef: null, inputItemCount: null, triggerNodeId: 'hook' };
    const origin = { triggeredBy: 'trigger', retryOf: null, retryAttempt: 0, parentExecutionId: null, queuedBy: null };
    return this.event('ExecutionQueued', { workflowId: randomUUID(), workflowVersion: 1, mode: 'webhook', ...input, ...origin, queuedAt: at() });
  }

  started() {
    return this.event('ExecutionStarted', { workerId: 'w', lease: 1, takeover: false, previousWorkerId: null, resumed: false, startedAt: at() });
  }

  node(nodeId: string, extra: Record<string, unknown> = {}) {
    const counts = { inputItemCount: 1, outputItemCount: 2, output: null, outputRef: null };
    return this.event('ExecutionNodeCompleted', {
      nodeId,
      runIndex: 0,
      status: 'success',
      startedAt: at(),
      durationMs: 3,
      ...counts,
      credentialIds: [],
      ...extra,
    });
  }

  nodeFailed(nodeId: string, extra: Record<string, unknown> = {}) {
    const error = { message: 'HTTP 500', nodeId };
    return this.event('ExecutionNodeFailed', {
      nodeId,
      runIndex: 0,
      status: 'error',
      startedAt: at(),
      durationMs: 7,
      inputItemCount: 1,
      error,
      credentialIds: [],
      ...extra,
    });
  }
}

const apply = (events: readonly RecordedEvent[], names = live) =>
  database.db.transaction(async (tx) => {
    for (const e of events) await executionsProjection.apply(e, projectionTransaction(tx, names));
  });
const applyBatch = (events: readonly RecordedEvent[], names = live) =>
  database.db.transaction((tx) => executionsProjection.applyBatch!(events, projectionTransaction(tx, names)));

async function rows(db: Queryable, table: string, executionId: string): Promise<unknown[]> {
  const { rows: found } = await db.query(`select * from ${table} where execution_id = $1 order by seq, line`, [executionId]);
  return JSON.parse(JSON.stringify(found)) as unknown[];
}

const lineOf = (entry: ExecutionLogEntry) => [entry.kind, entry.nodeId, entry.level, entry.message];

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const names of [live, shadow])
    for (const table of executionsProjection.tables) for (const ddl of table.create(names.get(table.name)!)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

/** A run with every kind of line: finished, logged, retried, failed after tries, parked. */
function eventful(org: string): Run {
  const run = new Run(org);
  run.queued();
  run.started();
  run.node('hook', { inputItemCount: 1, outputItemCount: 1 });
  run.node('code', {
    logs: [
      { level: 'info', message: 'count 2' },
      { level: 'error', message: 'row 7 has no email' },
      { level: 'debug', message: '{"row":7}' },
    ],
  });
  run.node('http', { tries: 3 });
  run.nodeFailed('notify', { tries: 2, logs: [{ level: 'warn', message: 'retrying' }] });
  run.node('wait', { status: 'waiting', outputItemCount: 0 });
  return run;
}

describe('the execution log', () => {
  it('writes node runs as lines with their level, what their node logged after them, once however often the events come', async () => {
    const org = randomUUID();
    const run = eventful(org);
    await apply(run.events);
    const page = await asTenant(org, (tx) => executionLogs(tx, run.executionId, 50));
    expect(page!.data.map(lineOf)).toEqual([
      ['node', 'hook', 'info', 'Node "hook" finished in 3 ms: 1 item in, 1 out'],
      ['node', 'code', 'info', 'Node "code" finished in 3 ms: 1 item in, 2 out'],
      ['log', 'code', 'info', 'count 2'],
      ['log', 'code', 'error', 'row 7 has no email'],
      ['log', 'code', 'debug', '{"row":7}'],
      ['node', 'http', 'warn', 'Node "http" finished in 3 ms after 3 tries: 1 item in, 2 out'],
      ['node', 'notify', 'error', 'Node "notify" failed after 7 ms and 2 tries: HTTP 500'],
      ['log', 'notify', 'warn', 'retrying'],
      ['node', 'wait', 'info', 'Node "wait" is waiting (3 ms, 1 item in): the run is parked until it resumes'],
    ]);
    const code = page!.data.filter((entry) => entry.nodeId === 'code');
    expect(code.map((entry) => [entry.seq, entry.line, entry.runIndex])).toEqual([
      [3, 0, 0],
      [3, 1, 0],
      [3, 2, 0],
      [3, 3, 0],
    ]);
    // A console line is at its node run's start, and has no status or timing of its own.
    expect(code[1]).toMatchObject({ status: null, startedAt: null, durationMs: null, output: null, createdAt: code[0]!.startedAt });
    const once = await rows(database.db, 'execution_logs', run.executionId);
    await apply([...run.events, run.events[3]!, run.events[5]!]);
    await applyBatch(run.events);
    expect(await rows(database.db, 'execution_logs', run.executionId)).toEqual(once);
    for (const size of [1, 2, run.events.length]) {
      await database.db.query('delete from execution_logs__rebuild where execution_id = $1', [run.executionId]);
      for (let start = 0; start < run.events.length; start += size) await applyBatch(run.events.slice(start, start + size), shadow);
      expect(await rows(database.db, 'execution_logs__rebuild', run.executionId)).toEqual(once);
    }
  });

  it('filters from a level up, and pages by (seq, line) with or without the filter', async () => {
    const org = randomUUID();
    const run = eventful(org);
    await applyBatch(run.events);
    const levels = async (level: 'debug' | 'info' | 'warn' | 'error') =>
      (await asTenant(org, (tx) => executionLogs(tx, run.executionId, 50, undefined, { level })))!.data.map((entry) => entry.level);
    expect(await levels('error')).toEqual(['error', 'error']);
    expect(await levels('warn')).toEqual(['error', 'warn', 'error', 'warn']);
    expect(await levels('info')).toEqual(['info', 'info', 'info', 'error', 'warn', 'error', 'warn', 'info']);
    expect(await levels('debug')).toHaveLength(9);
    const pages: ExecutionLogEntry[][] = [];
    let cursor: string | undefined;
    do {
      const page = await asTenant(org, (tx) => executionLogs(tx, run.executionId, 2, cursor, { level: 'info' }));
      pages.push([...page!.data]);
      cursor = page!.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 2]);
    expect(pages.flat().map((entry) => entry.level)).toEqual(await levels('info'));
    const all = await asTenant(org, (tx) => executionLogs(tx, run.executionId, 3));
    const rest = await asTenant(org, (tx) => executionLogs(tx, run.executionId, 50, all!.nextCursor!));
    expect([...all!.data, ...rest!.data].map((entry) => `${entry.seq}.${entry.line}`)).toEqual(['2.0', '3.0', '3.1', '3.2', '3.3', '4.0', '5.0', '5.1', '6.0']);
    // A cursor written before lines (the seq alone) goes on after every line of that seq.
    const seqOnly = Buffer.from(JSON.stringify([3])).toString('base64url');
    expect((await asTenant(org, (tx) => executionLogs(tx, run.executionId, 50, seqOnly)))!.data[0]).toMatchObject({ seq: 4, line: 0 });
    const forged = Buffer.from(JSON.stringify(['x', 1])).toString('base64url');
    await expect(asTenant(org, (tx) => executionLogs(tx, run.executionId, 50, forged))).rejects.toMatchObject({ code: 'page.cursor_invalid' });
  });

  it('finds the lines of a level through the (execution_id, level) index', async () => {
    const org = randomUUID();
    const noisy = new Run(org);
    noisy.queued();
    for (let i = 0; i < 200; i += 1) {
      const logs = Array.from({ length: 100 }, (_, line) => ({ level: line === 0 && i % 20 === 0 ? 'error' : 'debug', message: `step ${i}.${line}` }));
      noisy.node(`code-${i}`, { logs });
    }
    await applyBatch(noisy.events);
    await database.db.query('analyze execution_logs');
    let query: { text: string; values: unknown[] } | undefined;
    const page = await asTenant(org, (tx) => {
      const recording = {
        ...tx,
        query: ((text: string, values: unknown[]) => {
          if (text.includes('from execution_logs')) query = { text, values };
          return tx.query(text, values);
        }) as TenantTransaction['query'],
      };
      return executionLogs(recording, noisy.executionId, 50, undefined, { level: 'error' });
    });
    expect(page!.data).toHaveLength(10);
    const plan = await asTenant(org, (tx) => tx.query<{ 'QUERY PLAN': string }>(`explain ${query!.text}`, query!.values));
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Scan using execution_logs_h\d+_execution_id_level_idx|Bitmap Index Scan on execution_logs_h\d+_execution_id_level_idx/);
  });

  it('upgrades a table of the old shape in place: the column and indexes at start, console lines only after a rebuild', async () => {
    const logs = executionsProjection.tables.find((table) => table.name === 'execution_logs')!;
    const old = 'old_logs';
    await database.db.query(
      `create table ${old} (execution_id uuid not null, seq integer not null, organization_id uuid not null, kind text not null, node_id text, run_index integer,
         status text, level text, message text, started_at timestamptz, duration_ms bigint, input_item_count integer, output_item_count integer, output jsonb,
         output_ref text, error jsonb, credential_ids uuid[] not null default '{}', created_at timestamptz not null, primary key (execution_id, seq))`,
    );
    for (let start = 0; start < 2; start += 1) for (const statement of logs.upgrade!(old)) await database.db.query(statement);
    const indexes = await database.db.query<{ indexname: string }>('select indexname from pg_indexes where tablename = $1 order by 1', [old]);
    expect(indexes.rows.map((row) => row.indexname)).toEqual(['old_logs_execution_id_level_idx', 'old_logs_pkey']);
    const run = eventful(randomUUID());
    const names = new Map(live).set('execution_logs', old);
    await applyBatch(run.events, names);
    const kept = await database.db.query<{ kind: string; level: string }>(`select kind, level from ${old} where execution_id = $1 order by seq`, [
      run.executionId,
    ]);
    expect(kept.rows.map((row) => `${row.kind}:${row.level}`)).toEqual(['node:info', 'node:info', 'node:warn', 'node:error', 'node:info']);
  });
});
