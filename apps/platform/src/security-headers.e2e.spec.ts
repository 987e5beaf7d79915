import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// The security headers of the HTTP answers (libs/shared/nest/src/security-headers.ts),
// and Respond to Webhook refusing headers it cannot send, against one started platform.
//
// The distributed gateway takes the same code path: it is built by the same
// createHttpApplication (its own answers get the same hooks), and it copies a service's
// answer headers onto its reply with `reply.headers(...)`, which Node.js writes over the
// gateway's own helmet headers, so each header goes out once with the service's value.
// Every assertion below compares whole header values, so a duplicate ("DENY, DENY", as
// fetch joins repeated headers) would fail it.

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let orgId: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-security-headers-e2e-'));
const as = () => ({ token: owner.token });
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Date.now()}`;

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Headers Owner');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Headers Org' }, as())).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const directives = (headers: Headers): Map<string, string> =>
  new Map(
    (headers.get('content-security-policy') ?? '').split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

/** What every answer carries, API or docs, unless a workflow set its own. */
function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
  // Off unless HSTS_MAX_AGE_SECONDS is set: this platform answers plain HTTP.
  expect(headers.get('strict-transport-security')).toBeNull();
}

function expectApiPolicy(headers: Headers): void {
  const csp = directives(headers);
  expect(csp.get('default-src')).toBe("'self'");
  expect(csp.get('frame-ancestors')).toBe("'none'");
  expect(csp.get('script-src')).toBe("'self'");
  expect(csp.get('object-src')).toBe("'none'");
  expect(csp.has('upgrade-insecure-requests')).toBe(false);
}

describe('security headers on the API', () => {
  it('sends them on an anonymous answer, without no-store', async () => {
    const answer = await api.get('/health/live');
    expect(answer.status).toBe(200);
    expectSecurityHeaders(answer.headers);
    expectApiPolicy(answer.headers);
    expect(answer.headers.get('cache-control')).toBeNull();
  });

  it('adds Cache-Control: no-store to every answer to a request with credentials, a bearer token or an API key, errors included', async () => {
    const me = await api.get('/api/v1/me', as());
    expect(me.status).toBe(200);
    expectSecurityHeaders(me.headers);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const key = await api.post<{ key: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: 'headers' }, as());
    expect(key.status).toBe(201);
    const byKey = await api.get(`/api/v1/orgs/${orgId}/workflows`, { apiKey: key.body.key });
    expect(byKey.status).toBe(200);
    expect(byKey.headers.get('cache-control')).toBe('no-store');
    const refused = await api.get('/api/v1/me', { token: 'not-a-token' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(refused.headers);
  });

  it('keeps no-store on the anonymous answers that carry tokens', async () => {
    const login = await api.post('/api/v1/auth/login', { email: owner.email, password: owner.password });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it('still replays an authenticated Idempotency-Key retry, and still refuses to replay an answer that carried a secret', async () => {
    const headers = { 'idempotency-key': unique('headers-team') };
    const first = await api.call<{ id: string }>('POST', `/api/v1/orgs/${orgId}/teams`, { as: as(), body: { name: 'Once' }, headers });
    const again = await api.call<{ id: string }>('POST', `/api/v1/orgs/${orgId}/teams`, { as: as(), body: { name: 'Once' }, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect([first.headers.get('cache-control'), again.headers.get('cache-control')]).toEqual(['no-store', 'no-store']);

    const keyHeaders = { 'idempotency-key': unique('headers-key') };
    const created = await api.call('POST', `/api/v1/orgs/${orgId}/api-keys`, { as: as(), body: { name: 'shown once' }, headers: keyHeaders });
    const repeated = await api.call('POST', `/api/v1/orgs/${orgId}/api-keys`, { as: as(), body: { name: 'shown once' }, headers: keyHeaders });
    expect([created.status, repeated.status]).toEqual([201, 409]);
    expect(repeated.body).toMatchObject({ code: 'idempotency.not_replayable' });
  });
});

describe('security headers on /docs', () => {
  it('serves Swagger UI under a policy it works with: every script and stylesheet a same-origin file, nothing inline but styles', async () => {
    const page = await fetch(`${platform.baseUrl}/docs`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expectSecurityHeaders(page.headers);
    expectApiPolicy(page.headers);
    expect(directives(page.headers).get('style-src')).toBe("'self' 'unsafe-inline'");

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', inline = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/docs\/[\w.-]+\.js"/); // script-src 'self': files only
      expect(inline.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // script-src-attr 'none': no inline handlers
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map(([, reference = '']) => new URL(reference, `${platform.baseUrl}/docs`));
    expect(references.length).toBeGreaterThanOrEqual(4);
    for (const reference of references) {
      expect(reference.origin).toBe(platform.baseUrl);
      const asset = await fetch(reference);
      expect([reference.pathname, asset.status]).toEqual([reference.pathname, 200]);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // The init script: no validator badge fetched from another host (img-src 'self' data: blob:).
    const init = await (await fetch(`${platform.baseUrl}/docs/swagger-ui-init.js`)).text();
    expect(init).toMatch(/"validatorUrl": null/);
  });

  it('still serves the OpenAPI document', async () => {
    const document = await api.get<{ openapi: string; paths: Record<string, unknown> }>('/docs/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toContain('/api/v1/me');
    expectSecurityHeaders(document.headers);
  });
});

interface Execution {
  executionId: string;
  status: string;
  error: string | null;
  errorDetails: { message: string; nodeId?: string } | null;
  nodes: Record<string, { status: string; error?: { message: string } }>;
}

const webhook = (route: string, properties: Record<string, unknown>) => [
  { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: route, method: 'GET', responseMode: 'responseNode' } },
  { id: 'reply', type: 'respondToWebhook', position: { x: 200, y: 0 }, properties: { respondWith: 'json', body: { ok: true }, ...properties } },
];

async function activeWebhook(route: string, properties: Record<string, unknown>): Promise<string> {
  const created = await api.post<{ id: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    { name: route, nodes: webhook(route, properties), connections: [{ source: 'hook', target: 'reply' }] },
    as(),
  );
  expect(created.status).toBe(201);
  expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/activate`, {}, as())).status).toBe(200);
  return created.body.id;
}

describe('webhook answers: the workflow’s own', () => {
  it('keeps every header the workflow set, and the defaults for the rest, with a sandbox CSP', async () => {
    const route = unique('own-headers');
    await activeWebhook(route, {
      headers: { 'X-Frame-Options': 'SAMEORIGIN', 'Content-Security-Policy': "default-src 'none'", 'Cache-Control': 'public, max-age=60' },
    });
    const own = await fetch(`${platform.baseUrl}/webhook/${route}`, { headers: { authorization: 'Bearer for-the-workflow' } });
    expect(own.status).toBe(200);
    expect(own.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(own.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(own.headers.get('cache-control')).toBe('public, max-age=60');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');

    const plainRoute = unique('default-headers');
    await activeWebhook(plainRoute, {});
    const plain = await fetch(`${platform.baseUrl}/webhook/${plainRoute}`, { headers: { authorization: 'Bearer for-the-workflow' } });
    expect(plain.status).toBe(200);
    expectSecurityHeaders(plain.headers);
    expect(directives(plain.headers).get('sandbox')).toBe('allow-downloads allow-forms allow-modals allow-popups allow-scripts');
    expect(directives(plain.headers).get('frame-ancestors')).toBe("'none'");
    expect(plain.headers.get('cache-control')).toBe('no-store');
  });

  it('records a node error and answers 500 "Error in workflow" when a header value from the request holds CR LF, instead of a broken answer', async () => {
    const route = unique('injection');
    const workflowId = await activeWebhook(route, { headers: { 'Content-Language': '{{ $json.query.lang }}' } });
    const fine = await fetch(`${platform.baseUrl}/webhook/${route}?lang=en`);
    expect(fine.status).toBe(200);
    expect(fine.headers.get('content-language')).toBe('en');

    const injected = await fetch(`${platform.baseUrl}/webhook/${route}?lang=en%0d%0aSet-Cookie:%20session=stolen`);
    expect(injected.status).toBe(500);
    expect(injected.headers.get('content-type')).toContain('application/json');
    expect(await injected.json()).toEqual({ message: 'Error in workflow' });
    expect(injected.headers.get('set-cookie')).toBeNull();
    expect(injected.headers.get('content-language')).toBeNull();
    expectSecurityHeaders(injected.headers);

    const failed = await waitUntil(
      async () => (await api.get<{ data: Execution[] }>(`/api/v1/orgs/${orgId}/executions?workflowId=${workflowId}&status=error`, as())).body.data[0],
      { timeoutMs: 15_000, description: 'the failed run recorded' },
    );
    const recorded = await api.get<Execution>(`/api/v1/orgs/${orgId}/executions/${failed.executionId}`, as());
    expect(recorded.body).toMatchObject({
      status: 'error',
      errorDetails: { nodeId: 'reply', message: expect.stringContaining('response header Content-Language') },
    });
    expect(recorded.body.nodes['reply']).toMatchObject({ status: 'error', error: { message: expect.stringContaining('cannot carry (CR, LF') } });
  });
});
