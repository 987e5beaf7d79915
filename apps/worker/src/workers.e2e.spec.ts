import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ApiClient, type StartedDistribution, type TestDatabase, createTestDatabase, registerUser, startDistributed, waitUntil } from '@weft/testing';

// Distributed workers: two worker processes take the executions from Kafka (one consumer
// group), the execution service only records and hands them out. Runs accepted through
// the gateway are shared by both workers; one worker is killed with SIGKILL while runs
// are in flight on it, and the other takes them over from their last recorded node.
// Every accepted run ends `success` exactly once.
// Before that, with both workers up: a cancel through the API stops the run on the worker
// that runs it (its in-flight HTTP request is aborted), and a run whose node never
// returns is stopped by that worker's watchdog (EXECUTION_MAX_RUN_MS, small here).

const RUNS = 40;
const UPSTREAM_DELAY_MS = 150;
/** `/slow/...` answers after this long (the run to cancel); `/never/...` never answers (the hung run). */
const SLOW_MS = 8_000;
const MAX_RUN_MS = 4_000;
const GRACE_MS = 1_000;

let deployment: StartedDistribution;
let database: TestDatabase;
let upstream: Server;
let upstreamUrl: string;
/** Path → when the upstream got the request, and when its connection closed before an answer (the client aborted). */
const calls = new Map<string, { at: number; closedAt?: number }>();

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path.startsWith('/slow/') || path.startsWith('/never/')) {
      const call: { at: number; closedAt?: number } = { at: performance.now() };
      calls.set(path, call);
      response.on('close', () => {
        if (!response.writableFinished) call.closedAt = performance.now();
      });
      if (path.startsWith('/slow/')) setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"late":true}'), SLOW_MS).unref();
      return;
    }
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, UPSTREAM_DELAY_MS);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  deployment = await startDistributed({
    databaseUrl: database.url,
    workers: 2,
    env: { EGRESS_ALLOW_LIST: '127.0.0.1/32', EXECUTION_MAX_RUN_MS: String(MAX_RUN_MS), EXECUTION_WATCHDOG_GRACE_MS: String(GRACE_MS) },
  });
}, 150_000);

afterAll(async () => {
  await deployment?.stop();
  await database?.drop();
  upstream?.close();
});

const startedBy = async (): Promise<Map<string, Set<string>>> => {
  const { rows } = await database.db.query<{ worker_id: string; execution_id: string }>(
    `select data->>'workerId' as worker_id, data->>'executionId' as execution_id from events where type = 'ExecutionStarted'`,
  );
  const byWorker = new Map<string, Set<string>>();
  for (const row of rows) byWorker.set(row.worker_id, (byWorker.get(row.worker_id) ?? new Set()).add(row.execution_id));
  return byWorker;
};

/** The execution's events in stream order. */
const eventsOf = async (executionId: string) =>
  (
    await database.db.query<{ type: string; data: Record<string, unknown> }>(
      `select type, data from events where data->>'executionId' = $1 order by stream_version`,
      [executionId],
    )
  ).rows;
const TERMINAL = ['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionCanceled', 'ExecutionTimedOut'];

/** An owner, an organization and a one-request workflow calling `path` on the upstream (its own timeout far off). */
async function slowWorkflow(api: ApiClient, name: string, path: string) {
  const owner = await registerUser(api, `${name} Owner`);
  const as = { token: owner.token };
  const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: `${name} Org` }, as)).body.id;
  const created = await api.post<{ id: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    {
      name,
      nodes: [
        { id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 } },
        { id: 'call', type: 'httpRequest', position: { x: 200, y: 0 }, properties: { method: 'GET', url: `${upstreamUrl}${path}`, timeout: 600_000 } },
      ],
      connections: [{ source: 'start', target: 'call' }],
    },
    as,
  );
  expect(created.status).toBe(201);
  const run = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { input: {} }, as);
  expect(run.status).toBe(202);
  return { as, orgId, executionId: run.body.executionId };
}

it('a cancel through the API stops the run on the worker that runs it: its in-flight request is aborted at once, canceled exactly once, nothing recorded after', async () => {
  const api = new ApiClient(deployment.baseUrl);
  const path = '/slow/cancel-me';
  const { as, orgId, executionId } = await slowWorkflow(api, 'Cancel', path);
  // The worker's request is in flight, and its claim is written (the run shows as running on that worker).
  await waitUntil(() => calls.has(path), { timeoutMs: 20_000, intervalMs: 10, description: 'the worker called the slow upstream' });
  const runningOn = await waitUntil(
    async () => (await eventsOf(executionId)).find((event) => event.type === 'ExecutionStarted')?.data['workerId'] as string | undefined,
    { timeoutMs: 5_000, description: 'the claim is written' },
  );
  expect(deployment.workers.some((worker) => runningOn.endsWith(`-${worker.pid}`))).toBe(true);

  const canceled = await api.post<{ executionId: string; status: string }>(`/api/v1/orgs/${orgId}/executions/${executionId}/cancel`, {}, as);
  const canceledAt = performance.now();
  expect(canceled.status).toBe(200);
  expect(canceled.body).toEqual({ executionId, status: 'canceled' });
  await waitUntil(() => calls.get(path)?.closedAt !== undefined, { timeoutMs: 5_000, intervalMs: 10, description: 'the in-flight request was aborted' });
  const abortedInMs = calls.get(path)!.closedAt! - canceledAt;
  expect(abortedInMs).toBeLessThan(2_000);

  const status = await waitUntil(
    async () => {
      const answer = await api.get<{ status: string }>(`/api/v1/orgs/${orgId}/executions/${executionId}`, as);
      return answer.body.status === 'canceled' ? answer.body.status : undefined;
    },
    { timeoutMs: 10_000, description: 'canceled in the read model' },
  );
  expect(status).toBe('canceled');
  // Past the watchdog's limit too: nothing more is written for the run.
  await new Promise((resolve) => setTimeout(resolve, MAX_RUN_MS + 2 * GRACE_MS));
  const events = await eventsOf(executionId);
  expect(events.filter((event) => TERMINAL.includes(event.type)).map((event) => event.type)).toEqual(['ExecutionCanceled']);
  expect(events.at(-1)?.type).toBe('ExecutionCanceled');
}, 60_000);

it('a run whose node never returns on a live worker is stopped by that worker’s watchdog: its request aborted, recorded failed once', async () => {
  const api = new ApiClient(deployment.baseUrl);
  const path = '/never/hung';
  const { as, orgId, executionId } = await slowWorkflow(api, 'Hung', path);
  await waitUntil(() => calls.has(path), { timeoutMs: 20_000, intervalMs: 10, description: 'the worker called the upstream that never answers' });
  const calledAt = calls.get(path)!.at;
  await waitUntil(() => calls.get(path)?.closedAt !== undefined, {
    timeoutMs: MAX_RUN_MS + 10_000,
    intervalMs: 20,
    description: 'the watchdog aborted the request',
  });
  const stoppedAfterMs = calls.get(path)!.closedAt! - calledAt;
  expect(stoppedAfterMs).toBeGreaterThanOrEqual(MAX_RUN_MS - 500);
  expect(stoppedAfterMs).toBeLessThan(MAX_RUN_MS + 3_000);

  const execution = await waitUntil(
    async () => {
      const answer = await api.get<{ status: string; error: string | null }>(`/api/v1/orgs/${orgId}/executions/${executionId}`, as);
      return answer.body.status === 'error' ? answer.body : undefined;
    },
    { timeoutMs: 10_000, description: 'failed in the read model' },
  );
  expect(execution.error).toMatch(/no progress for \d+ ms/);
  const events = await eventsOf(executionId);
  expect(events.filter((event) => TERMINAL.includes(event.type)).map((event) => event.type)).toEqual(['ExecutionFailed']);
  expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', data: { error: { name: 'ExecutionStalledError' } } });
  // Its own worker stopped it: no other worker took it over.
  expect(events.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
}, 60_000);

it('shares the runs between the workers, and a SIGKILLed worker’s runs finish on the other, each exactly once', async () => {
  const api = new ApiClient(deployment.baseUrl);
  const owner = await registerUser(api, 'Worker Owner');
  const as = { token: owner.token };
  const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Worker Org' }, as)).body.id;
  const call = (id: string, x: number) => ({ id, type: 'httpRequest', position: { x, y: 0 }, properties: { method: 'GET', url: `${upstreamUrl}/${id}` } });
  const created = await api.post<{ id: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    {
      name: 'Worker chain',
      nodes: [{ id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 } }, call('a', 200), call('b', 400), call('c', 600)],
      connections: [
        { source: 'start', target: 'a' },
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
      ],
    },
    as,
  );
  expect(created.status).toBe(201);
  const workflowId = created.body.id;

  // A waiting API run answers with the worker's result.
  const waited = await api.post<{ status: string; output: unknown[] }>(`/api/v1/orgs/${orgId}/workflows/${workflowId}/run`, { input: {}, wait: true }, as);
  expect(waited.status).toBe(200);
  expect(waited.body).toMatchObject({ status: 'success', output: [{ ok: true }] });

  const accepted: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const answer = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${workflowId}/run`, { input: { run } }, as);
    expect(answer.status).toBe(202);
    accepted.push(answer.body.executionId);
  }

  // Both workers have runs, and the one to be killed (whichever has some in flight then) has at least two unfinished.
  const succeeded = async () =>
    new Set((await database.db.query<{ id: string }>(`select data->>'executionId' as id from events where type = 'ExecutionSucceeded'`)).rows.map((r) => r.id));
  let onVictim: string[] = [];
  let victim = deployment.workers[0]!;
  let seen = '';
  await waitUntil(
    async () => {
      const byWorker = await startedBy();
      const done = await succeeded();
      const unfinished = deployment.workers.map((worker) => {
        const id = [...byWorker.keys()].find((workerId) => workerId.endsWith(`-${worker.pid}`));
        return { worker, runs: [...(byWorker.get(id ?? '') ?? [])].filter((run) => accepted.includes(run) && !done.has(run)) };
      });
      seen = `started on ${byWorker.size} workers, ${done.size} succeeded, unfinished per worker: ${unfinished.map((u) => u.runs.length).join('/')}`;
      const candidate = unfinished.find((u) => u.runs.length >= 2);
      if (byWorker.size < 2 || done.size < 2 || candidate === undefined) return false;
      victim = candidate.worker;
      onVictim = candidate.runs;
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 5, description: 'runs started on both workers, some unfinished on one of them' },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message} (last seen: ${seen})`);
  });
  await victim.kill('SIGKILL');
  const killedAt = performance.now();

  const ends = await waitUntil(
    async () => {
      const { rows } = await database.db.query<{ id: string; n: string }>(
        `select data->>'executionId' as id, count(*) as n from events where type in ('ExecutionSucceeded', 'ExecutionFailed', 'ExecutionCanceled') and data->>'executionId' = any($1) group by 1`,
        [accepted],
      );
      return rows.length === RUNS ? rows : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 50, description: 'every accepted run ended' },
  );
  const recoveredInMs = performance.now() - killedAt;
  expect(ends.map((r) => Number(r.n))).toEqual(Array.from({ length: RUNS }, () => 1));
  const { rows: failed } = await database.db.query<{ n: string }>(
    `select count(*) as n from events where type in ('ExecutionFailed', 'ExecutionCanceled') and data->>'executionId' = any($1)`,
    [accepted],
  );
  expect(Number(failed[0]?.n)).toBe(0);
  // The killed worker's unfinished runs were taken over by the other one (those it had finished but not yet recorded included).
  const { rows: takeovers } = await database.db.query<{ id: string }>(
    `select distinct data->>'executionId' as id from events where type = 'ExecutionStarted' and (data->>'takeover')::boolean and data->>'executionId' = any($1)`,
    [onVictim],
  );
  expect(takeovers.length).toBeGreaterThan(0);
  expect(recoveredInMs).toBeLessThan(30_000);

  // The read model (projected from Kafka) shows each accepted run once, as success.
  const listed = await waitUntil(
    async () => {
      const { rows } = await database.db.query<{ status: string; n: string }>(
        `select status, count(*) as n from executions where execution_id::text = any($1) group by status`,
        [accepted],
      );
      return rows.length === 1 && rows[0]?.status === 'success' && Number(rows[0].n) === RUNS ? rows : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 50, description: 'every run success in the read model' },
  );
  expect(listed).toEqual([{ status: 'success', n: String(RUNS) }]);
}, 150_000);
