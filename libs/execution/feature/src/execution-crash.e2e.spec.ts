import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApiClient, type StartedPlatform, type TestDatabase, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Durability over a crash (PostgreSQL server): ~40 runs of manualTrigger → httpRequest
// /a → /b → /c → set are accepted (202), the platform is killed with SIGKILL while many
// are in flight, and a new process on the same database and data directory takes them
// over (execution-recovery.ts). Every accepted run must end `success` exactly once, and
// a run resumes from its last recorded node: a node recorded before the crash is not
// called again. The node in flight at the crash may be called twice (at least once).

const RUNS = 40;
// Long enough that many runs are in flight at once even when accepting each one is slow (a loaded CI machine).
const UPSTREAM_DELAY_MS = 400;
const PATHS = ['a', 'b', 'c'] as const;
const NODE_OF_PATH: Record<(typeof PATHS)[number], string> = { a: 'callA', b: 'callB', c: 'callC' };

let first: StartedPlatform | undefined;
let second: StartedPlatform | undefined;
let database: TestDatabase;
let upstream: Server;
let upstreamUrl: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-execution-crash-e2e-'));
/** Calls the upstream saw, per `${path}:${run}`. */
const calls = new Map<string, number>();
let inFlight = 0;

const env = () => ({ DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, EGRESS_ALLOW_LIST: '127.0.0.1/32' });
const callCount = (p: string, run: number) => calls.get(`${p}:${run}`) ?? 0;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream');
    const key = `${url.pathname.slice(1)}:${url.searchParams.get('run') ?? ''}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    inFlight += 1;
    setTimeout(() => {
      inFlight -= 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ run: Number(url.searchParams.get('run')), path: url.pathname }));
    }, UPSTREAM_DELAY_MS);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  database = await createTestDatabase();
}, 90_000);

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await database?.drop();
  upstream?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface NodeRecord {
  execution_id: string;
  node_id: string;
}

it('resumes every accepted execution after a SIGKILL, from its last recorded node, and each ends success exactly once', async () => {
  first = await startPlatform({ env: env() });
  const api = new ApiClient(first.baseUrl);
  const owner = await registerUser(api, 'Crash Owner');
  const as = { token: owner.token };
  const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Crash Org' }, as)).body.id;
  const call = (id: string, p: string, x: number) => ({
    id,
    type: 'httpRequest',
    position: { x, y: 0 },
    properties: { method: 'GET', url: `${upstreamUrl}/${p}?run={{ $json.run }}` },
  });
  const created = await api.post<{ id: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    {
      name: 'Crash chain',
      nodes: [
        { id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 } },
        call('callA', 'a', 200),
        call('callB', 'b', 400),
        call('callC', 'c', 600),
        { id: 'done', type: 'set', position: { x: 800, y: 0 }, properties: { fields: [{ name: 'done', type: 'boolean', value: true }] } },
      ],
      connections: [
        { source: 'start', target: 'callA' },
        { source: 'callA', target: 'callB' },
        { source: 'callB', target: 'callC' },
        { source: 'callC', target: 'done' },
      ],
    },
    as,
  );
  expect(created.status).toBe(201);
  const workflowId = created.body.id;
  expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${workflowId}/activate`, {}, as)).status).toBe(200);

  // Accept RUNS executions (202 each: recorded before the answer), 5 ms apart so that
  // the runs in flight at the crash are at different nodes.
  const answers: { status: number; body: { executionId: string } }[] = [];
  for (let run = 0; run < RUNS; run++) {
    answers.push(await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${workflowId}/run`, { input: { run } }, as));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(answers.map((a) => a.status)).toEqual(Array.from({ length: RUNS }, () => 202));
  const accepted = answers.map((a) => a.body.executionId);
  const runOf = new Map(accepted.map((id, run) => [id, run]));
  expect(new Set(accepted).size).toBe(RUNS);

  // Kill once some have finished (recorded in the log) and many are in flight, some of them past /a.
  const pastAInFlight = () =>
    Array.from({ length: RUNS }, (_, run) => run).filter((run) => callCount('b', run) + callCount('c', run) > 0 && callCount('c', run) === 0).length;
  await waitUntil(
    async () => {
      if (inFlight < 8 || pastAInFlight() < 3) return false;
      const { rows } = await database.db.query<{ n: string }>(`select count(*) as n from events where type = 'ExecutionSucceeded'`);
      return Number(rows[0]?.n) >= 3;
    },
    { timeoutMs: 30_000, intervalMs: 5, description: 'some executions finished while many are in flight' },
  );
  const inFlightAtKill = inFlight;
  await first.kill('SIGKILL');
  const killedAt = performance.now();

  // What the first process had recorded in the log (the truth recovery resumes from), and what its read model showed.
  const recorded = await database.db.query<NodeRecord>(
    `select data->>'executionId' as execution_id, data->>'nodeId' as node_id from events where type = 'ExecutionNodeCompleted' and stream_id like 'execution.Execution-%'`,
  );
  const recordedNodes = new Set(recorded.rows.map((r) => `${r.execution_id}:${r.node_id}`));
  const succeededBefore = new Set(
    (await database.db.query<{ execution_id: string }>(`select data->>'executionId' as execution_id from events where type = 'ExecutionSucceeded'`)).rows.map(
      (r) => r.execution_id,
    ),
  );
  const readModelBefore = (
    await database.db.query<{ engine_status: string; n: string }>(
      `select engine_status, count(*) as n from executions where workflow_id = $1 group by engine_status`,
      [workflowId],
    )
  ).rows;
  const callsAtKill = new Map(calls);
  const unfinished = accepted.filter((id) => !succeededBefore.has(id));
  const pastA = unfinished.filter((id) => recordedNodes.has(`${id}:callA`));
  const notStarted = unfinished.filter((id) => callsAtKill.get(`a:${runOf.get(id)}`) === undefined);
  expect(succeededBefore.size).toBeGreaterThan(0);
  expect(unfinished.length).toBeGreaterThan(0);

  // A new process on the same database and data directory.
  const restartedAt = performance.now();
  second = await startPlatform({ env: env() });
  const readyAt = performance.now();
  const api2 = new ApiClient(second.baseUrl);
  const login = await api2.post<{ accessToken: string }>('/api/v1/auth/login', { email: owner.email, password: owner.password });
  const as2 = login.status === 200 || login.status === 201 ? { token: login.body.accessToken } : as;
  let lastRows: { execution_id: string; status: string }[] = [];
  await waitUntil(
    async () => {
      lastRows = (
        await database.db.query<{ execution_id: string; status: string }>(`select execution_id, status from executions where workflow_id = $1`, [workflowId])
      ).rows;
      return lastRows.length >= RUNS && lastRows.every((r) => r.status === 'success');
    },
    { timeoutMs: 60_000, intervalMs: 20, description: `all ${RUNS} executions success after the restart` },
  ).catch((error: unknown) => {
    const byStatus = lastRows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    throw new Error(`${(error as Error).message}\nread model: ${JSON.stringify(byStatus)}\n--- second platform output ---\n${second?.output() ?? ''}`);
  });
  const allDoneAt = performance.now();

  // Each accepted execution: one row, success, and one ExecutionSucceeded in its stream; none lost, none extra.
  const rows = (
    await database.db.query<{ execution_id: string; status: string }>(`select execution_id, status from executions where workflow_id = $1`, [workflowId])
  ).rows;
  expect(rows.map((r) => r.execution_id).sort()).toEqual([...accepted].sort());
  expect(rows.every((r) => r.status === 'success')).toBe(true);
  const succeeded = (
    await database.db.query<{ execution_id: string; n: string }>(
      `select data->>'executionId' as execution_id, count(*) as n from events where type = 'ExecutionSucceeded' group by 1`,
    )
  ).rows;
  expect(
    succeeded
      .filter((r) => runOf.has(r.execution_id))
      .map((r) => [r.execution_id, Number(r.n)])
      .sort(),
  ).toEqual(accepted.map((id) => [id, 1]).sort());
  // And over the API, after the restart.
  for (const id of accepted) {
    const shown = await api2.get<{ status: string; nodes: Record<string, { status: string }> }>(`/api/v1/orgs/${orgId}/executions/${id}`, as2);
    expect(shown.status).toBe(200);
    expect(shown.body.status).toBe('success');
    expect(Object.keys(shown.body.nodes).sort()).toEqual(['callA', 'callB', 'callC', 'done', 'start']);
  }
  const listed = await api2.get<{ data: { executionId: string }[] }>(`/api/v1/orgs/${orgId}/executions?workflowId=${workflowId}&status=success&limit=100`, as2);
  expect(listed.body.data.map((e) => e.executionId).sort()).toEqual([...accepted].sort());

  // The upstream: every path for every run at least once, none more than twice; a node
  // recorded before the crash is not called again, whatever was in flight may be.
  const violations: string[] = [];
  for (const id of accepted) {
    const run = runOf.get(id)!;
    for (const p of PATHS) {
      const n = callCount(p, run);
      if (n < 1 || n > 2) violations.push(`run ${run} /${p} called ${n} times`);
      if (recordedNodes.has(`${id}:${NODE_OF_PATH[p]}`) && n !== 1) violations.push(`run ${run} /${p} was recorded before the crash yet called ${n} times`);
      if (!recordedNodes.has(`${id}:${NODE_OF_PATH[p]}`) && (callsAtKill.get(`${p}:${run}`) ?? 0) === 0 && n !== 1)
        violations.push(`run ${run} /${p} not called before the crash yet called ${n} times after`);
    }
  }
  const repeated = [...calls.entries()].filter(([, n]) => n > 1).map(([k]) => k);
  const starts = (
    await database.db.query<{ resumed: string; takeover: string; n: string }>(
      `select data->>'resumed' as resumed, data->>'takeover' as takeover, count(*) as n from events where type = 'ExecutionStarted' group by 1, 2 order by 1, 2`,
    )
  ).rows;
  const recovered = /recovered (\d+) unfinished execution/.exec(second.output())?.[1];
  process.stdout.write(
    [
      `execution-crash: ${RUNS} accepted; at the kill ${succeededBefore.size} had succeeded, ${unfinished.length} unfinished (${pastA.length} recorded past /a, ${notStarted.length} had not called /a), ${inFlightAtKill} upstream calls in flight`,
      `  read model at the kill: ${JSON.stringify(readModelBefore)}; recovery log: ${recovered ?? 'none'} execution(s); starts (resumed/takeover: n): ${starts.map((r) => `${r.resumed}/${r.takeover}: ${r.n}`).join(', ')}`,
      `  restart: ready after ${(readyAt - restartedAt).toFixed(0)} ms, all success ${(allDoneAt - restartedAt).toFixed(0)} ms after the new process was started (${(allDoneAt - readyAt).toFixed(0)} ms after ready, ${(allDoneAt - killedAt).toFixed(0)} ms after the kill)`,
      `  upstream paths called twice (the node in flight at the crash): ${repeated.length === 0 ? 'none' : repeated.join(', ')}`,
      '',
    ].join('\n'),
  );
  expect(violations).toEqual([]);
}, 180_000);
