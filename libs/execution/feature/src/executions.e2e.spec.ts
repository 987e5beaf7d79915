import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Executions over HTTP against one started platform (PostgreSQL server): webhook
// triggers and their response modes, strict body parsing, webhook authentication,
// manual and API runs, the executions API, waits, cancel and retry, and a run that uses
// a credential (the secret-leak search is in credentials.e2e.spec.ts; here the run's
// own records are searched too).

interface Execution {
  executionId: string;
  workflowId: string;
  status: string;
  mode: string;
  retryCount: number;
  retryOf?: string | null;
  error: unknown;
  output: unknown;
  usage: { cpuMs: number; memoryBytes: number; networkBytes: number } | null;
  nodes: Record<string, { status: string; itemCount: number; items: Record<string, unknown[]> | null }>;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let orgId: string;
let upstream: Server;
let upstreamUrl: string;
const upstreamCalls: { url: string; headers: IncomingHttpHeaders }[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-executions-e2e-'));
const as = () => ({ token: owner.token });
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Date.now()}`;

/** A raw call of the public webhook entry (any method, any body type). */
async function hook(method: string, route: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform.baseUrl}/webhook/${route}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  api.texts.push(text);
  const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '' ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

async function activeWorkflow(name: string, nodes: unknown[], connections: unknown[] = [], settings: Record<string, unknown> = {}): Promise<string> {
  const created = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/workflows`, { name, nodes, connections, settings }, as());
  expect(created.status).toBe(201);
  const activated = await api.post(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/activate`, {}, as());
  expect(activated.status).toBe(200);
  return created.body.id;
}

const webhookNode = (route: string, extra: Record<string, unknown> = {}) => ({
  id: 'hook',
  type: 'webhookTrigger',
  position: { x: 0, y: 0 },
  properties: { path: route, method: 'POST', responseMode: 'lastNode', ...extra },
});
const chainOf = (...ids: string[]) => ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
const execution = (id: string) => api.get<Execution>(`/api/v1/orgs/${orgId}/executions/${id}`, as());

async function finished(id: string, status = 'success'): Promise<Execution> {
  return waitUntil(
    async () => {
      const answer = await execution(id);
      return answer.status === 200 && answer.body.status === status ? answer.body : undefined;
    },
    { timeoutMs: 15_000, description: `execution ${id} ${status}` },
  );
}

beforeAll(async () => {
  upstream = createServer((request, response) => {
    upstreamCalls.push({ url: request.url ?? '', headers: request.headers });
    const delayMs = Number(new URL(request.url ?? '/', 'http://upstream').searchParams.get('delay') ?? 0);
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, path: request.url })), delayMs);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, EGRESS_ALLOW_LIST: '127.0.0.1/32' } });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Execution Owner');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Execution Org' }, as())).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  upstream?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('webhook triggers', () => {
  it('answers lastNode with the last node’s first item, 405 with Allow on another method, 404 elsewhere', async () => {
    const route = unique('orders');
    await activeWorkflow(
      'Orders',
      [
        webhookNode(route),
        {
          id: 'total',
          type: 'set',
          position: { x: 200, y: 0 },
          properties: { fields: [{ name: 'total', type: 'number', value: '{{ $json.body.qty * $json.body.price }}' }] },
        },
      ],
      chainOf('hook', 'total'),
    );
    const answer = await hook('POST', route, JSON.stringify({ qty: 3, price: 7 }), { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ total: 21, body: { qty: 3, price: 7 } });
    const wrongMethod = await hook('GET', route);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await hook('POST', unique('nobody-listens'), '{}', { 'content-type': 'application/json' })).status).toBe(404);
  });

  it('answers onReceived with 202 and the execution id once the run is recorded, and the run completes', async () => {
    const route = unique('async');
    await activeWorkflow(
      'Async',
      [
        webhookNode(route, { responseMode: 'onReceived' }),
        { id: 'mark', type: 'set', position: { x: 200, y: 0 }, properties: { fields: [{ name: 'done', type: 'boolean', value: true }] } },
      ],
      chainOf('hook', 'mark'),
    );
    const answer = await hook('POST', route, '{"a":1}', { 'content-type': 'application/json' });
    expect(answer.status).toBe(202);
    const executionId = answer.json?.['executionId'] as string;
    const done = await finished(executionId);
    expect(done).toMatchObject({ mode: 'webhook', nodes: { hook: { status: 'success' }, mark: { status: 'success' } } });
  });

  it('answers responseNode with what Respond to Webhook set', async () => {
    const route = unique('respond');
    await activeWorkflow(
      'Respond',
      [
        webhookNode(route, { responseMode: 'responseNode' }),
        {
          id: 'reply',
          type: 'respondToWebhook',
          position: { x: 200, y: 0 },
          properties: { statusCode: 201, headers: { 'x-weft': 'yes' }, respondWith: 'json', body: { created: '{{ $json.body.name }}' } },
        },
      ],
      chainOf('hook', 'reply'),
    );
    const answer = await hook('POST', route, '{"name":"ada"}', { 'content-type': 'application/json' });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-weft')).toBe('yes');
    expect(answer.json).toEqual({ created: 'ada' });
  });

  it('parses bodies by their declared type only: JSON, form, text, raw bytes', async () => {
    const route = unique('bodies');
    await activeWorkflow('Bodies', [webhookNode(route)]);
    const json = await hook('POST', route, JSON.stringify({ files: { upload: { filepath: '/etc/passwd' } } }), { 'content-type': 'application/json' });
    expect(json.json?.['body']).toEqual({ files: { upload: { filepath: '/etc/passwd' } } }); // data, never file metadata (CVE-2026-21858)
    const form = await hook('POST', route, 'name=ada&tag=a&tag=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.json?.['body']).toEqual({ name: 'ada', tag: ['a', 'b'] });
    const text = await hook('POST', route, 'hello', { 'content-type': 'text/plain' });
    expect(text.json?.['body']).toBe('hello');
    const raw = await hook('POST', route, 'bytes', { 'content-type': 'application/octet-stream' });
    expect(raw.json?.['body']).toBe(Buffer.from('bytes').toString('base64'));
    const broken = await hook('POST', route, '{"unterminated', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    // The API itself takes JSON only.
    const form415 = await fetch(`${platform.baseUrl}/api/v1/orgs/${orgId}/workflows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form415.status).toBe(415);
  });

  it('checks basic authentication against a credential, and keeps the header out of the run', async () => {
    const credential = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/credentials`,
      { name: 'Hook auth', type: 'httpBasicAuth', data: { user: 'hook', password: 'hook-password-123' } },
      as(),
    );
    const route = unique('guarded');
    await activeWorkflow('Guarded', [
      { ...webhookNode(route, { authentication: 'basic', responseMode: 'onReceived' }), credentials: { id: credential.body.id } },
    ]);
    expect((await hook('POST', route, '{}', { 'content-type': 'application/json' })).status).toBe(401);
    expect(
      (await hook('POST', route, '{}', { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('hook:wrong').toString('base64')}` })).status,
    ).toBe(403);
    const ok = await hook('POST', route, '{}', {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from('hook:hook-password-123').toString('base64')}`,
    });
    expect(ok.status).toBe(202);
    const done = await finished(ok.json?.['executionId'] as string);
    expect(JSON.stringify(done)).not.toContain('authorization');
  });

  it('stops answering once the workflow is deactivated', async () => {
    const route = unique('switch-off');
    const id = await activeWorkflow('Switch off', [webhookNode(route)]);
    expect((await hook('POST', route, '{}', { 'content-type': 'application/json' })).status).toBe(200);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${id}/deactivate`, {}, as())).status).toBe(200);
    await waitUntil(async () => (await hook('POST', route, '{}', { 'content-type': 'application/json' })).status === 404, {
      timeoutMs: 10_000,
      description: 'route gone',
    });
  });
});

describe('manual and API runs', () => {
  it('runs from the manualTrigger with the input, waiting (200) or not (202)', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Manual',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'double', type: 'set', properties: { fields: [{ name: 'twice', type: 'number', value: '{{ $json.n * 2 }}' }] } },
        ],
        connections: chainOf('start', 'double'),
      },
      as(),
    );
    const run = `/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`;
    const waited = await api.post<Execution>(run, { input: [{ n: 1 }, { n: 2 }], wait: true }, as());
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({
      status: 'success',
      mode: 'manual',
      output: [
        { n: 1, twice: 2 },
        { n: 2, twice: 4 },
      ],
    });
    const accepted = await api.post<{ executionId: string; status: string }>(run, { input: { n: 5 } }, as());
    expect(accepted.status).toBe(202);
    expect((await finished(accepted.body.executionId)).output).toEqual([{ n: 5, twice: 10 }]);

    const key = await api.post<{ key: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: 'runner' }, as());
    const byKey = await api.post<Execution>(run, { input: { n: 0 }, wait: true }, { apiKey: key.body.key });
    expect(byKey.body.mode).toBe('api');
    expect((await api.post(run, { input: 'not items' }, as())).status).toBe(400);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows/00000000-0000-4000-8000-000000000000/run`, {}, as())).status).toBe(404);
  });

  it('lists executions with filters and a cursor, shows one with its nodes and logs, and keeps stats', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      { name: 'Listed', nodes: [{ id: 'start', type: 'manualTrigger' }], connections: [] },
      as(),
    );
    const workflowId = created.body.id;
    for (let i = 0; i < 3; i++) await api.post(`/api/v1/orgs/${orgId}/workflows/${workflowId}/run`, { wait: true }, as());
    const list = async (query: string) => (await api.get<Page<Execution>>(`/api/v1/orgs/${orgId}/executions?${query}`, as())).body;
    const all = await waitUntil(async () => {
      const page = await list(`workflowId=${workflowId}`);
      return page.data.length === 3 ? page : undefined;
    });
    expect(all.data.every((e) => e.workflowId === workflowId && e.status === 'success' && e.mode === 'manual')).toBe(true);
    const first = await list(`workflowId=${workflowId}&limit=2`);
    const rest = await list(`workflowId=${workflowId}&limit=2&cursor=${first.nextCursor}`);
    expect([...first.data, ...rest.data].map((e) => e.executionId)).toEqual(all.data.map((e) => e.executionId));
    expect((await list(`workflowId=${workflowId}&status=error`)).data).toEqual([]);
    expect((await api.get(`/api/v1/orgs/${orgId}/executions?status=bogus`, as())).status).toBe(400);
    const one = await execution(all.data[0]!.executionId);
    expect(one.body.nodes['start']).toMatchObject({ status: 'success', itemCount: 1, items: { main: [{}] } });
    const logs = await api.get<Page<{ kind: string; nodeId: string }>>(`/api/v1/orgs/${orgId}/executions/${all.data[0]!.executionId}/logs`, as());
    expect(logs.body.data.map((entry) => entry.nodeId)).toContain('start');
    const stats = await api.get<{ total: number; succeeded: number; successRate: number }>(`/api/v1/orgs/${orgId}/workflows/${workflowId}/stats`, as());
    expect(stats.body).toMatchObject({ total: 3, succeeded: 3, successRate: 1 });
    const statsOf = (query: string) => api.get<Record<string, unknown>>(`/api/v1/orgs/${orgId}/workflows/${workflowId}/stats?${query}`, as());
    const lastDay = await statsOf('since=24h');
    expect(lastDay.status).toBe(200);
    expect(lastDay.body).toEqual({
      total: 3,
      succeeded: 3,
      failed: 0,
      canceled: 0,
      running: 0,
      waiting: 0,
      successRate: 1,
      avgDurationMs: expect.any(Number),
      minDurationMs: expect.any(Number),
      maxDurationMs: expect.any(Number),
    });
    expect((await statsOf('since=90m')).body).toMatchObject({ total: 3, succeeded: 3 });
    expect((await statsOf('since=7d')).body).toMatchObject({ total: 3, succeeded: 3 });
    expect((await statsOf(`from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`)).body).toMatchObject({
      total: 3,
    });
    for (const [query, field] of [
      ['since=24', 'since'],
      ['since=0h', 'since'],
      ['since=2w', 'since'],
      ['since=367d', 'since'],
      ['since=24h&from=2026-01-01T00:00:00Z', 'since'],
      ['since=24h&to=2026-01-01T00:00:00Z', 'since'],
      ['from=2026-06', 'from'],
    ] as const) {
      const refused = await statsOf(query);
      expect({ query, status: refused.status, type: refused.headers.get('content-type') }).toEqual({
        query,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect((refused.body['errors'] as { field: string }[]).map((e) => e.field)).toContain(field);
    }
    const workflow = await api.get<{ executionCount: number; lastExecutedAt: string | null }>(`/api/v1/orgs/${orgId}/workflows/${workflowId}`, as());
    expect(workflow.body.executionCount).toBe(3);
    expect(workflow.body.lastExecutedAt).not.toBeNull();
    expect((await execution('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('waits, cancel and retry', () => {
  it('parks a run at a wait node without holding a worker, and resumes it on its webhook', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Approval',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'approval', type: 'wait', properties: { resume: 'webhook' } },
          { id: 'after', type: 'set', properties: { fields: [{ name: 'approved', value: '{{ $json.body.approved }}' }] } },
        ],
        connections: chainOf('start', 'approval', 'after'),
      },
      as(),
    );
    const started = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, {}, as());
    const executionId = started.body.executionId;
    await finished(executionId, 'waiting');
    const resumed = await fetch(`${platform.baseUrl}/webhook-waiting/${executionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ approved: 'yes' }),
    });
    expect(resumed.status).toBe(202);
    const done = await finished(executionId);
    expect(done.output).toEqual([expect.objectContaining({ approved: 'yes' })]);
    expect((await fetch(`${platform.baseUrl}/webhook-waiting/${executionId}`, { method: 'POST' })).status).toBe(404);
  });

  it('resumes a timed wait by itself', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Pause',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'pause', type: 'wait', properties: { amount: 1, unit: 'seconds' } },
          { id: 'after', type: 'noOp' },
        ],
        connections: chainOf('start', 'pause', 'after'),
      },
      as(),
    );
    const started = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, {}, as());
    const done = await finished(started.body.executionId);
    expect(done.nodes['after']).toMatchObject({ status: 'success' });
  });

  it('cancels a waiting run, and refuses to cancel it twice differently', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Long wait',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'pause', type: 'wait', properties: { amount: 1, unit: 'days' } },
        ],
        connections: chainOf('start', 'pause'),
      },
      as(),
    );
    const started = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, {}, as());
    await finished(started.body.executionId, 'waiting');
    const cancel = await api.post(`/api/v1/orgs/${orgId}/executions/${started.body.executionId}/cancel`, {}, as());
    expect(cancel.status).toBe(200);
    await finished(started.body.executionId, 'canceled');
    expect((await api.post(`/api/v1/orgs/${orgId}/executions/${started.body.executionId}/cancel`, {}, as())).status).toBe(200); // already canceled: nothing new
  });

  it('retries a failed run as a new execution linked to the old one', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Fails',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'boom', type: 'stopAndError', properties: { message: 'planned failure' } },
        ],
        connections: chainOf('start', 'boom'),
      },
      as(),
    );
    const failed = await api.post<Execution>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { wait: true }, as());
    expect(failed.body).toMatchObject({ status: 'error', error: 'planned failure' });
    await finished(failed.body.executionId, 'error');
    const retry = await api.post<{ executionId: string; retryOf: string }>(`/api/v1/orgs/${orgId}/executions/${failed.body.executionId}/retry`, {}, as());
    expect(retry.status).toBe(202);
    expect(retry.body.retryOf).toBe(failed.body.executionId);
    const second = await finished(retry.body.executionId, 'error');
    expect(second).toMatchObject({ retryCount: 1, retryOf: failed.body.executionId });
    expect((await api.post(`/api/v1/orgs/${orgId}/executions/${failed.body.executionId}/retry`, {}, as())).status).toBe(409); // retry the retry
  });

  it('records a run past its workflow timeout as timed out, with the node runs it got through', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Too slow',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'quick', type: 'set', properties: { fields: [{ name: 'quick', type: 'boolean', value: true }] } },
          { id: 'slow', type: 'httpRequest', properties: { method: 'GET', url: `${upstreamUrl}/slow?delay=2000` } },
        ],
        connections: chainOf('start', 'quick', 'slow'),
        settings: { timeout: 300 },
      },
      as(),
    );
    expect(created.status).toBe(201);
    const run = await api.post<Execution>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { wait: true }, as());
    expect({ status: run.status, text: run.text }).toMatchObject({ status: 200, text: expect.stringContaining('"status":"error"') });
    const timedOut = await finished(run.body.executionId, 'error');
    expect(timedOut).toMatchObject({ errorReason: 'timeout', error: expect.stringContaining('300') });
    expect(timedOut.nodes['quick']).toMatchObject({ status: 'success' });
    const { rows } = await database.db.query<{ type: string }>(`select type from events where stream_id = $1 order by stream_version`, [
      `execution.Execution-${run.body.executionId}`,
    ]);
    expect(rows.map((r) => r.type)).toContain('ExecutionTimedOut');
    expect(rows.map((r) => r.type)).not.toContain('ExecutionFailed');
  });
});

describe('sub-workflows, error workflows, automatic retries and saved data', () => {
  const workflow = async (name: string, nodes: unknown[], connections: unknown[], settings: Record<string, unknown> = {}) => {
    const created = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/workflows`, { name, nodes, connections, settings }, as());
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const runAndWait = (workflowId: string, input: unknown = {}) =>
    api.post<Execution & { executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${workflowId}/run`, { input, wait: true }, as());

  it('runs a sub-workflow with the caller’s items and continues with its output, linked to the caller', async () => {
    const child = await workflow(
      'Child',
      [
        { id: 'entry', type: 'executeWorkflowTrigger' },
        { id: 'tag', type: 'set', properties: { fields: [{ name: 'fromChild', type: 'number', value: '{{ $json.n + 1 }}' }] } },
      ],
      chainOf('entry', 'tag'),
    );
    const parent = await workflow(
      'Parent',
      [
        { id: 'start', type: 'manualTrigger' },
        { id: 'call', type: 'executeWorkflow', properties: { workflowId: child } },
      ],
      chainOf('start', 'call'),
    );
    const run = await runAndWait(parent, { n: 41 });
    expect(run.body).toMatchObject({ status: 'success', output: [expect.objectContaining({ fromChild: 42 })] });
    const children = await waitUntil(async () => {
      const page = (await api.get<Page<Execution & { parentExecutionId?: string }>>(`/api/v1/orgs/${orgId}/executions?workflowId=${child}`, as())).body;
      return page.data.length === 1 ? page.data : undefined;
    });
    expect((await execution(children[0]!.executionId)).body).toMatchObject({ status: 'success', parentExecutionId: run.body.executionId });
  });

  it('refuses a sub-workflow that calls itself, past the nesting limit', async () => {
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      { name: 'Loop', nodes: [{ id: 'entry', type: 'manualTrigger' }], connections: [] },
      as(),
    );
    const loop = created.body.id;
    const updated = await api.call('PUT', `/api/v1/orgs/${orgId}/workflows/${loop}`, {
      body: {
        expectedVersion: 1,
        nodes: [
          { id: 'entry', type: 'manualTrigger' },
          { id: 'self', type: 'executeWorkflow', properties: { workflowId: loop } },
        ],
        connections: chainOf('entry', 'self'),
      },
      as: as(),
    });
    expect(updated.status).toBe(200);
    const run = await runAndWait(loop);
    expect(run.body.status).toBe('error');
    expect(JSON.stringify(run.body.error)).toMatch(/nest deeper than 10 levels/);
  }, 30_000);

  it('runs the error workflow with the failed run’s summary', async () => {
    const handler = await workflow(
      'On error',
      [
        { id: 'caught', type: 'errorTrigger' },
        { id: 'note', type: 'set', properties: { fields: [{ name: 'failedWith', value: '{{ $json.execution.error.message }}' }] } },
      ],
      chainOf('caught', 'note'),
    );
    const failing = await workflow(
      'Fails loudly',
      [
        { id: 'start', type: 'manualTrigger' },
        { id: 'boom', type: 'stopAndError', properties: { message: 'disk on fire' } },
      ],
      chainOf('start', 'boom'),
      { errorWorkflowId: handler },
    );
    const run = await runAndWait(failing);
    expect(run.body.status).toBe('error');
    const handled = await waitUntil(async () => {
      const page = (await api.get<Page<Execution>>(`/api/v1/orgs/${orgId}/executions?workflowId=${handler}&status=success`, as())).body;
      return page.data[0];
    });
    expect((await execution(handled.executionId)).body.output).toEqual([expect.objectContaining({ failedWith: 'disk on fire' })]);
  });

  it('retries a failed run automatically per the workflow settings, with backoff, then stops', async () => {
    const flaky = await workflow(
      'Always fails',
      [
        { id: 'start', type: 'manualTrigger' },
        { id: 'boom', type: 'stopAndError', properties: { message: 'still broken' } },
      ],
      chainOf('start', 'boom'),
      { executionRetries: 2, executionRetryBackoffMs: 100 },
    );
    await runAndWait(flaky);
    const all = await waitUntil(
      async () => {
        const page = (await api.get<Page<Execution>>(`/api/v1/orgs/${orgId}/executions?workflowId=${flaky}&status=error`, as())).body;
        return page.data.length === 3 ? page.data : undefined;
      },
      { timeoutMs: 15_000, description: 'three attempts' },
    );
    expect(all.map((e) => e.retryCount).sort()).toEqual([0, 1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await api.get<Page<Execution>>(`/api/v1/orgs/${orgId}/executions?workflowId=${flaky}`, as())).body.data).toHaveLength(3);
  });

  it('keeps no item data for saveExecutionData "none", and only failures’ for "errors"', async () => {
    const secretLike = `item-data-${Date.now()}`;
    const quiet = await workflow(
      'Quiet',
      [
        { id: 'start', type: 'manualTrigger' },
        { id: 'echo', type: 'set', properties: { fields: [{ name: 'echo', value: secretLike }] } },
      ],
      chainOf('start', 'echo'),
      { saveExecutionData: 'none' },
    );
    const run = await runAndWait(quiet);
    expect(run.body.status).toBe('success');
    const recorded = await finished(run.body.executionId);
    expect(recorded.output).toBeNull();
    expect(recorded.nodes['echo']).toMatchObject({ status: 'success', itemCount: 1, items: null });
    expect(JSON.stringify(recorded)).not.toContain(secretLike);
  });
});

describe('credentials in a run', () => {
  it('injects the credential into the HTTP request, counts its use and the bytes, and records nothing of it', async () => {
    const token = `bearer-token-${Date.now()}-not-for-logs`;
    const credential = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/credentials`, { name: 'Upstream', type: 'httpBearerAuth', data: { token } }, as());
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Calls upstream',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          {
            id: 'call',
            type: 'httpRequest',
            properties: { method: 'GET', url: `${upstreamUrl}/orders`, authentication: 'bearer' },
            credentials: { id: credential.body.id },
          },
        ],
        connections: chainOf('start', 'call'),
      },
      as(),
    );
    const run = await api.post<Execution>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { wait: true }, as());
    expect(run.body).toMatchObject({ status: 'success', output: [{ ok: true, path: '/orders' }] });
    expect(upstreamCalls.at(-1)?.headers['authorization']).toBe(`Bearer ${token}`);
    await waitUntil(async () => (await api.get<{ usageCount: number }>(`/api/v1/orgs/${orgId}/credentials/${credential.body.id}`, as())).body.usageCount >= 1, {
      description: 'usage counted',
    });
    const recorded = await finished(run.body.executionId);
    // The request (head with the bearer token) and the answer (head, {"ok":true,"path":"/orders"}) on the wire; the output item as JSON.
    expect(recorded.usage?.networkBytes).toBeGreaterThan(`Bearer ${token}`.length + JSON.stringify({ ok: true, path: '/orders' }).length);
    expect(recorded.usage?.networkBytes).toBeLessThan(4096);
    expect(recorded.usage?.memoryBytes).toBeGreaterThanOrEqual(JSON.stringify({ main: [{ json: { ok: true, path: '/orders' } }] }).length);
    const everything: string[] = [...api.texts, platform.output()];
    const { rows: tables } = await database.db.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    for (const table of tables)
      everything.push(
        (await database.db.query<{ row: string }>(`select t::text as row from "${table.schema}"."${table.name}" t`)).rows.map((r) => r.row).join('\n'),
      );
    const all = everything.join('\n');
    expect(all).toContain(run.body.executionId); // the search sees the run's records
    expect(all).not.toContain(token);
  });

  it('fails a run that uses an expired credential saying so, and refuses a workflow naming another user’s unshared one', async () => {
    const expiring = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/credentials`,
      { name: 'Short-lived', type: 'httpBearerAuth', data: { token: 'soon-gone' }, expiresAt: new Date(Date.now() + 1500).toISOString() },
      as(),
    );
    const call = (credentialId: string) => ({
      nodes: [
        { id: 'start', type: 'manualTrigger' },
        {
          id: 'call',
          type: 'httpRequest',
          properties: { method: 'GET', url: `${upstreamUrl}/x`, authentication: 'bearer' },
          credentials: { id: credentialId },
        },
      ],
      connections: chainOf('start', 'call'),
    });
    const created = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/workflows`, { name: 'Uses expiring', ...call(expiring.body.id) }, as());
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const run = await api.post<Execution>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { wait: true }, as());
    expect(run.body.status).toBe('error');
    expect(String(run.body.error)).toMatch(/Short-lived.*expired/);

    // An unshared credential of the owner, in a workflow another member created and runs.
    const privateOne = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/credentials`,
      { name: 'Owner only', type: 'httpBearerAuth', data: { token: 'private' } },
      as(),
    );
    const other = await registerUser(api, 'Other Builder');
    const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: other.email, role: 'member' }, as());
    await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, { token: other.token });
    // Saving it is refused already: the version would run with its author's authority (run-authority.e2e.spec.ts has the whole class).
    const theirs = await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'Borrows a secret', ...call(privateOne.body.id) }, { token: other.token });
    expect(theirs.status).toBe(403);
    expect(theirs.body).toMatchObject({ code: 'workflow.credential_not_usable', node: 'call', credentialId: privateOne.body.id });
  });
});
