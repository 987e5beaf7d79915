import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ApiClient, type StartedDistribution, type TestDatabase, createTestDatabase, registerUser, startDistributed, waitUntil } from '@weft/testing';

// Distributed workers: two worker processes take the executions from Kafka (one consumer
// group), the execution service only records and hands them out. Runs accepted through
// the gateway are shared by both workers; one worker is killed with SIGKILL while runs
// are in flight on it, and the other takes them over from their last recorded node.
// Every accepted run ends `success` exactly once.

const RUNS = 40;
const UPSTREAM_DELAY_MS = 150;

let deployment: StartedDistribution;
let database: TestDatabase;
let upstream: Server;
let upstreamUrl: string;

beforeAll(async () => {
  upstream = createServer((_request, response) => {
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, UPSTREAM_DELAY_MS);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  deployment = await startDistributed({ databaseUrl: database.url, workers: 2, env: { EGRESS_ALLOW_LIST: '127.0.0.1/32' } });
}, 150_000);

afterAll(async () => {
  await deployment?.stop();
  await database?.drop();
  upstream?.close();
});

const startedBy = async (): Promise<Map<string, Set<string>>> => {
  const { rows } = await database.db.query<{ worker_id: string; execution_id: string }>(`select data->>'workerId' as worker_id, data->>'executionId' as execution_id from events where type = 'ExecutionStarted'`);
  const byWorker = new Map<string, Set<string>>();
  for (const row of rows) byWorker.set(row.worker_id, (byWorker.get(row.worker_id) ?? new Set()).add(row.execution_id));
  return byWorker;
};

it(
  'shares the runs between the workers, and a SIGKILLed worker’s runs finish on the other, each exactly once',
  async () => {
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

    // Both workers have runs, and the one to be killed has some in flight.
    const victim = deployment.workers[0]!;
    const succeeded = async () => new Set((await database.db.query<{ id: string }>(`select data->>'executionId' as id from events where type = 'ExecutionSucceeded'`)).rows.map((r) => r.id));
    let onVictim: string[] = [];
    await waitUntil(
      async () => {
        const byWorker = await startedBy();
        const done = await succeeded();
        const victimWorker = [...byWorker.keys()].find((id) => id.endsWith(`-${victim.pid}`));
        if (byWorker.size < 2 || victimWorker === undefined || done.size < 2) return false;
        onVictim = [...(byWorker.get(victimWorker) ?? [])].filter((id) => accepted.includes(id) && !done.has(id));
        return onVictim.length >= 2;
      },
      { timeoutMs: 30_000, intervalMs: 5, description: 'runs started on both workers, some unfinished on the one to be killed' },
    );
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
    const { rows: failed } = await database.db.query<{ n: string }>(`select count(*) as n from events where type in ('ExecutionFailed', 'ExecutionCanceled') and data->>'executionId' = any($1)`, [accepted]);
    expect(Number(failed[0]?.n)).toBe(0);
    // The killed worker's unfinished runs were taken over by the other one (those it had finished but not yet recorded included).
    const { rows: takeovers } = await database.db.query<{ id: string }>(`select distinct data->>'executionId' as id from events where type = 'ExecutionStarted' and (data->>'takeover')::boolean and data->>'executionId' = any($1)`, [onVictim]);
    expect(takeovers.length).toBeGreaterThan(0);
    expect(recoveredInMs).toBeLessThan(30_000);

    // The read model (projected from Kafka) shows each accepted run once, as success.
    const listed = await waitUntil(
      async () => {
        const { rows } = await database.db.query<{ status: string; n: string }>(`select status, count(*) as n from executions where execution_id::text = any($1) group by status`, [accepted]);
        return rows.length === 1 && rows[0]?.status === 'success' && Number(rows[0].n) === RUNS ? rows : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50, description: 'every run success in the read model' },
    );
    expect(listed).toEqual([{ status: 'success', n: String(RUNS) }]);
  },
  150_000,
);
