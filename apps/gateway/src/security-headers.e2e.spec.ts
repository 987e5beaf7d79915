import {
  ApiClient,
  type StartedDistribution,
  type TestDatabase,
  type TestUser,
  createTestDatabase,
  registerUser,
  startDistributed,
  uniqueTopic,
} from '@weft/testing';

// The security headers through the distributed gateway: the gateway builds its own
// answers with the same createHttpApplication as the services, and copies a service's
// answer headers onto its reply. Whole header values are compared: a header sent twice
// (once by the gateway, once copied from the service) would read "DENY, DENY".

let deployment: StartedDistribution;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  deployment = await startDistributed({
    databaseUrl: database.url,
    env: { REDIS_KEY_PREFIX: uniqueTopic('weft-gw-headers').replace(/[^A-Za-z0-9._-]/g, '-') },
  });
  api = new ApiClient(deployment.baseUrl);
  owner = await registerUser(api, 'Gateway Headers');
  const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Gateway Headers' }, { token: owner.token });
  expect(org.status).toBe(201);
  orgId = org.body.id;
}, 120_000);

afterAll(async () => {
  await deployment?.stop();
  await database?.drop();
});

function expectOnce(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
}

describe('security headers through the gateway', () => {
  it('sends each once on a forwarded answer, with no-store for a caller with credentials, and on the gateway’s own answers', async () => {
    const me = await api.get('/api/v1/me', { token: owner.token });
    expect(me.status).toBe(200);
    expectOnce(me.headers);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const missing = await api.get('/api/v1/nothing-here', { token: owner.token }); // answered by the gateway itself
    expect(missing.status).toBe(404);
    expectOnce(missing.headers);
    expect(missing.headers.get('cache-control')).toBe('no-store');

    const docs = await fetch(`${deployment.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expectOnce(docs.headers);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('keeps the headers a workflow set on its webhook answer, and answers a header injection with the workflow error', async () => {
    const workflow = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Headers through the gateway',
        nodes: [
          { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: 'gw-headers', method: 'GET', responseMode: 'responseNode' } },
          {
            id: 'reply',
            type: 'respondToWebhook',
            position: { x: 200, y: 0 },
            properties: { respondWith: 'json', body: { ok: true }, headers: { 'X-Frame-Options': 'SAMEORIGIN', 'Content-Language': '{{ $json.query.lang }}' } },
          },
        ],
        connections: [{ source: 'hook', target: 'reply' }],
      },
      { token: owner.token },
    );
    expect(workflow.status).toBe(201);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/activate`, {}, { token: owner.token })).status).toBe(200);

    const answer = await fetch(`${deployment.baseUrl}/webhook/gw-headers?lang=en`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('content-language')).toBe('en');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain('sandbox allow-downloads');

    const injected = await fetch(`${deployment.baseUrl}/webhook/gw-headers?lang=en%0d%0aSet-Cookie:%20session=stolen`);
    expect(injected.status).toBe(500);
    expect(await injected.json()).toEqual({ message: 'Error in workflow' });
    expect(injected.headers.get('set-cookie')).toBeNull();
    expectOnce(injected.headers);
  });
});
