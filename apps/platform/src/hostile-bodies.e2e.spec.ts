import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Deeply nested JSON never costs a 500, a stack overflow or a blocked event loop: request
// bodies are refused by their nesting before they are parsed (API 64 levels, webhooks
// WEBHOOK_BODY_MAX_DEPTH), data a run produces is refused where it enters the run, and
// an empty JSON body is no body.

interface Problem {
  status: number;
  code: string;
  detail: string;
  maxDepth?: number;
}

/** A deployment of its own (the custom depth needs its own process). */
interface Deployment {
  platform: StartedPlatform;
  api: ApiClient;
  owner: TestUser;
  orgId: string;
  database: TestDatabase;
  dataDir: string;
}

async function deploy(env: Record<string, string> = {}): Promise<Deployment> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-hostile-e2e-'));
  const platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, ...env } });
  const api = new ApiClient(platform.baseUrl);
  const owner = await registerUser(api, 'Hostile Bodies');
  const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Hostile Org' }, { token: owner.token })).body.id;
  return { platform, api, owner, orgId, database, dataDir };
}

async function tearDown(deployment: Deployment | undefined): Promise<void> {
  if (deployment === undefined) return;
  await deployment.platform.stop();
  await deployment.database.drop();
  fs.rmSync(deployment.dataDir, { recursive: true, force: true });
}

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

/** A raw POST: the body exactly as given, with the headers given. */
async function post(deployment: Deployment, route: string, body: string | undefined, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(`${deployment.platform.baseUrl}${route}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
    elapsedMs,
    json: () => JSON.parse(text) as Problem & Record<string, unknown>,
  };
}

const jsonHeaders = { 'content-type': 'application/json' };

/** An active workflow answering `POST /webhook/<route>` with its trigger's item (`lastNode`). */
async function echoWebhook(deployment: Deployment, route: string): Promise<void> {
  const as = { token: deployment.owner.token };
  const created = await deployment.api.post<{ id: string }>(
    `/api/v1/orgs/${deployment.orgId}/workflows`,
    {
      name: `Echo ${route}`,
      nodes: [{ id: 'hook', type: 'webhookTrigger', properties: { path: route, method: 'POST', responseMode: 'lastNode' } }],
      connections: [],
    },
    as,
  );
  expect(created.status).toBe(201);
  expect((await deployment.api.post(`/api/v1/orgs/${deployment.orgId}/workflows/${created.body.id}/activate`, {}, as)).status).toBe(200);
}

let main: Deployment | undefined;
let custom: Deployment | undefined;

beforeAll(async () => {
  [main, custom] = await Promise.all([deploy(), deploy({ WEBHOOK_BODY_MAX_DEPTH: '16' })]);
  await Promise.all([echoWebhook(main, 'echo'), echoWebhook(custom, 'echo')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([tearDown(main), tearDown(custom)]);
});

const deployment = (): Deployment => main!;

describe('API bodies (at most 64 levels)', () => {
  it('answers a login with a password nested 100,000 arrays deep with a 400 problem, fast, and stays up', async () => {
    const body = `{"email":"ada@example.com","password":${arrays(100_000)}}`;
    const answer = await post(deployment(), '/api/v1/auth/login', body, jsonHeaders);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 400, code: 'request.body_too_deep', maxDepth: 64, detail: expect.stringContaining('deeper than 64 levels') });
    expect(answer.elapsedMs).toBeLessThan(500);
    const live = await fetch(`${deployment().platform.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(deployment().platform.output()).not.toMatch(/Maximum call stack|RangeError/);
  });

  it('keeps answering other requests while hostile bodies are being refused', async () => {
    const body = `{"email":"ada@example.com","password":${arrays(100_000)}}`;
    const hostile = Array.from({ length: 10 }, () => post(deployment(), '/api/v1/auth/login', body, jsonHeaders));
    const started = performance.now();
    const live = await fetch(`${deployment().platform.baseUrl}/health/live`);
    const liveMs = performance.now() - started;
    expect(live.status).toBe(200);
    expect((await Promise.all(hostile)).map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 400));
    expect(liveMs).toBeLessThan(1_000);
  });

  it('takes a body at exactly 64 levels to validation, and refuses 65', async () => {
    const at = await post(deployment(), '/api/v1/auth/login', `{"email":"ada@example.com","password":${arrays(63)}}`, jsonHeaders);
    expect(at.status).toBe(400);
    expect(at.json().code).not.toBe('request.body_too_deep');
    const over = await post(deployment(), '/api/v1/auth/login', `{"email":"ada@example.com","password":${arrays(64)}}`, jsonHeaders);
    expect(over.json()).toMatchObject({ status: 400, code: 'request.body_too_deep' });
  });

  it('answers malformed JSON with a 400 problem too', async () => {
    const answer = await post(deployment(), '/api/v1/auth/login', '{"email":', jsonHeaders);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json().code).toBe('request.invalid_json');
  });
});

describe('webhook bodies (WEBHOOK_BODY_MAX_DEPTH, default 256)', () => {
  it('refuses a body 5,000 objects deep with a 400 problem, before any run', async () => {
    const answer = await post(deployment(), '/webhook/echo', objects(5_000), jsonHeaders);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ code: 'request.body_too_deep', maxDepth: 256 });
  });

  it('runs a body exactly 256 levels deep, and refuses 257', async () => {
    const accepted = await post(deployment(), '/webhook/echo', objects(256), jsonHeaders);
    expect(accepted.status).toBe(200);
    expect(JSON.stringify(accepted.json()['body'])).toBe(objects(256));
    const refused = await post(deployment(), '/webhook/echo', objects(257), jsonHeaders);
    expect(refused.json()).toMatchObject({ status: 400, code: 'request.body_too_deep', maxDepth: 256 });
  });

  it('refuses a deep body to a waiting execution’s resume URL the same way', async () => {
    const answer = await post(deployment(), '/webhook-waiting/00000000-0000-4000-8000-000000000000', arrays(5_000), jsonHeaders);
    expect(answer.json()).toMatchObject({ status: 400, code: 'request.body_too_deep' });
  });

  it('honours a custom WEBHOOK_BODY_MAX_DEPTH, and keeps the API at 64', async () => {
    expect((await post(custom!, '/webhook/echo', objects(16), jsonHeaders)).status).toBe(200);
    expect((await post(custom!, '/webhook/echo', objects(17), jsonHeaders)).json()).toMatchObject({ status: 400, code: 'request.body_too_deep', maxDepth: 16 });
    const api = await post(custom!, '/api/v1/auth/login', `{"email":"ada@example.com","password":${arrays(64)}}`, jsonHeaders);
    expect(api.json()).toMatchObject({ code: 'request.body_too_deep', maxDepth: 64 });
  });
});

describe('data a run produces', () => {
  it('fails the execution of a Code node returning an object 100,000 levels deep, with a clear error', async () => {
    const { api, orgId, owner } = deployment();
    const as = { token: owner.token };
    const code = 'let o = {}; for (let i = 0; i < 100000; i++) o = { a: o }; return [{ json: o }];';
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Deep code',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'code', type: 'code', properties: { code } },
        ],
        connections: [{ source: 'start', target: 'code' }],
      },
      as,
    );
    const run = await api.post<{ executionId: string; status: string; error: string | null }>(
      `/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`,
      { wait: true },
      as,
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'error', error: "The node's output is nested deeper than 1000 levels" });
    const recorded = await waitUntil(
      async () => {
        const answer = await api.get<{ status: string; error: string | null; nodes: Record<string, { status: string }> }>(
          `/api/v1/orgs/${orgId}/executions/${run.body.executionId}`,
          as,
        );
        return answer.status === 200 && answer.body.status === 'error' ? answer.body : undefined;
      },
      { timeoutMs: 15_000, description: 'the failed execution in the read model' },
    );
    expect(recorded).toMatchObject({ error: "The node's output is nested deeper than 1000 levels", nodes: { code: { status: 'error' } } });
    expect((await fetch(`${deployment().platform.baseUrl}/health/live`)).status).toBe(200);
  });
});

describe('data a run cannot record', () => {
  it('fails the execution saying why, instead of leaving it running: an output larger than a payload may be', async () => {
    const { api, orgId, owner } = deployment();
    const as = { token: owner.token };
    const code = "return [{ json: { text: 'x'.repeat(17 * 1024 * 1024) } }];";
    const created = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Huge output',
        nodes: [
          { id: 'start', type: 'manualTrigger' },
          { id: 'code', type: 'code', properties: { code } },
        ],
        connections: [{ source: 'start', target: 'code' }],
      },
      as,
    );
    const run = await api.post<{ executionId: string; status: string }>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { wait: false }, as);
    expect(run.status).toBe(202);
    const recorded = await waitUntil(
      async () => {
        const answer = await api.get<{ status: string; error: unknown }>(`/api/v1/orgs/${orgId}/executions/${run.body.executionId}`, as);
        return answer.status === 200 && answer.body.status !== 'running' ? answer.body : undefined;
      },
      { timeoutMs: 30_000, description: 'the execution to end' },
    );
    expect(recorded.status).toBe('error');
    expect(JSON.stringify(recorded.error)).toMatch(/at most \d+ are kept/);
  });
});

describe('an empty JSON body', () => {
  it('is no body: POST .../activate with Content-Type: application/json and nothing (or blanks) activates', async () => {
    const { api, orgId, owner } = deployment();
    const as = { token: owner.token };
    const route = `/api/v1/orgs/${orgId}/workflows`;
    const ids: string[] = [];
    for (const name of ['Empty body', 'Blank body', 'No body']) {
      const created = await api.post<{ id: string }>(
        route,
        { name, nodes: [{ id: 'hook', type: 'webhookTrigger', properties: { path: `empty-${ids.length}-${Date.now()}`, method: 'POST' } }], connections: [] },
        as,
      );
      ids.push(created.body.id);
    }
    const auth = { authorization: `Bearer ${owner.token}` };
    const empty = await post(deployment(), `${route}/${ids[0]}/activate`, '', { ...jsonHeaders, ...auth });
    const blank = await post(deployment(), `${route}/${ids[1]}/activate`, ' \r\n\t ', { ...jsonHeaders, ...auth });
    const none = await post(deployment(), `${route}/${ids[2]}/activate`, undefined, auth);
    expect([empty.status, blank.status, none.status]).toEqual([200, 200, 200]);
    for (const answer of [empty, blank, none]) expect(answer.json()).toMatchObject({ isActive: true });
  });
});
