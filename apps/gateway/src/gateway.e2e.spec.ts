import {
  ApiClient,
  type StartedDistribution,
  type TestDatabase,
  type TestUser,
  createTestDatabase,
  registerUser,
  startDistributed,
  testEnvironment,
  uniqueTopic,
  waitUntil,
} from '@weft/testing';
import { Redis } from 'ioredis';

// The distributed deployment end to end: projector, identity, tenancy, workflows and
// execution as their own processes on PostgreSQL and Kafka, reached only through the
// gateway over @nestjs/microservices.

let deployment: StartedDistribution;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let orgId: string;
const redisKeyPrefix = uniqueTopic('weft-gw').replace(/[^A-Za-z0-9._-]/g, '-');
const superAdminEmail = `root.${Date.now()}@example.com`;

interface OpenApi {
  paths: Record<string, Record<string, { 'x-weft-access'?: { kind: string; permission?: string } }>>;
}

beforeAll(async () => {
  database = await createTestDatabase();
  deployment = await startDistributed({
    databaseUrl: database.url,
    env: { BODY_LIMIT_BYTES: '65536', REDIS_KEY_PREFIX: redisKeyPrefix, WEFT_SUPER_ADMIN_EMAIL: superAdminEmail },
  });
  api = new ApiClient(deployment.baseUrl);
  owner = await registerUser(api, 'Gateway Owner');
  const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Gateway Works' }, { token: owner.token });
  expect(org.status).toBe(201);
  orgId = org.body.id;
}, 120_000);

afterAll(async () => {
  await deployment?.stop();
  await database?.drop();
});

describe('the distributed gateway', () => {
  it('serves one OpenAPI document with every service’s routes and their access requirements', async () => {
    const document = (await api.get<OpenApi>('/docs/openapi.json')).body;
    for (const path of [
      '/api/v1/auth/register',
      '/api/v1/orgs/{orgId}/api-keys',
      '/api/v1/orgs/{orgId}/members',
      '/api/v1/orgs/{orgId}/workflows',
      '/api/v1/orgs/{orgId}/credentials',
      '/api/v1/orgs/{orgId}/executions',
      '/api/v1/billing/plans',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(document.paths['/api/v1/orgs/{orgId}/workflows']?.['post']?.['x-weft-access']).toEqual({ kind: 'permission', permission: 'workflow:write' });
    expect((await api.get('/docs')).status).toBe(200);
  });

  it('serves the billing service’s public plan list through the edge, and its admin routes to super admins only', async () => {
    // Seeded by the billing service at start, projected by the projector from Kafka.
    const slugs = await waitUntil(
      async () => {
        const plans = await api.get<{ data: { slug: string }[] }>('/api/v1/billing/plans');
        return plans.status === 200 && plans.body.data.length === 4 ? plans.body.data.map((plan) => plan.slug) : undefined;
      },
      { timeoutMs: 20_000, description: 'the seeded plans through the gateway' },
    );
    expect(slugs).toEqual(['free', 'starter', 'pro', 'enterprise']);
    expect((await api.post('/api/v1/billing/plans', { slug: 'x', name: 'X', price: 1 })).status).toBe(401);
  });

  it('keeps the caller’s request id through the service and answers with it', async () => {
    const answer = await api.call('GET', '/api/v1/me', { as: { token: owner.token }, headers: { 'x-request-id': 'trace-gateway-0001' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('trace-gateway-0001');
    expect(answer.body).toMatchObject({ id: owner.id, organizations: [expect.objectContaining({ id: orgId })] });
  });

  it('answers an unknown route 404 and a wrong method 405 with Allow, as problem+json', async () => {
    const unknown = await api.get('/api/v1/nothing-here', { token: owner.token });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({ code: 'route.not_found' });
    const wrong = await api.delete('/api/v1/me', { token: owner.token });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, PATCH');
  });

  it('relays the services’ validation problems and limits bodies at the edge (413)', async () => {
    const invalid = await api.post<{ errors: { field: string }[] }>('/api/v1/orgs', { name: 'X', colour: 'red' }, { token: owner.token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e) => e.field)).toContain('colour');
    const huge = await api.post('/api/v1/orgs', { name: 'x'.repeat(70_000) }, { token: owner.token });
    expect(huge.status).toBe(413);
  });

  it('replays an Idempotency-Key retry from the service instead of applying it twice', async () => {
    const headers = { 'idempotency-key': `gw-${Date.now()}` };
    const first = await api.call<{ id: string }>('POST', `/api/v1/orgs/${orgId}/teams`, { as: { token: owner.token }, body: { name: 'Once' }, headers });
    const again = await api.call<{ id: string }>('POST', `/api/v1/orgs/${orgId}/teams`, { as: { token: owner.token }, body: { name: 'Once' }, headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('runs a webhook workflow on the execution service and shows the execution projected from Kafka', async () => {
    const workflow = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Orders through the gateway',
        nodes: [
          { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: 'gw-orders', method: 'POST', responseMode: 'lastNode' } },
          {
            id: 'total',
            type: 'set',
            position: { x: 200, y: 0 },
            properties: { fields: [{ name: 'total', type: 'number', value: '{{ $json.body.qty * $json.body.price }}' }] },
          },
        ],
        connections: [{ source: 'hook', target: 'total' }],
      },
      { token: owner.token },
    );
    expect(workflow.status).toBe(201);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/activate`, {}, { token: owner.token })).status).toBe(200);

    const answer = await api.post<{ total: number }>('/webhook/gw-orders', { qty: 3, price: 14 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 42 });
    const form = await fetch(`${deployment.baseUrl}/webhook/gw-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'qty=2&price=5',
    });
    expect(await form.json()).toMatchObject({ total: 10 });
    expect((await api.get('/webhook/gw-orders')).status).toBe(405);

    const listed = await waitUntil(
      async () => {
        const page = await api.get<{ data: { status: string; workflowId: string }[] }>(`/api/v1/orgs/${orgId}/executions?workflowId=${workflow.body.id}`, {
          token: owner.token,
        });
        return page.body.data.length === 2 && page.body.data.every((e) => e.status === 'success') ? page.body.data : undefined;
      },
      { timeoutMs: 15_000, description: 'both executions in the read model as success' },
    );
    expect(listed.map((e) => e.status)).toEqual(['success', 'success']);

    // The execution service and the worker share the catalog cache in Redis: the route and
    // the definition are there, so a replica that starts now reads them from Redis, not PostgreSQL.
    const redis = new Redis(testEnvironment().redisUrl);
    try {
      const keys = `{${redisKeyPrefix}:catalog}:`;
      expect(JSON.parse((await redis.get(`${keys}v:${workflow.body.id}:1`)) ?? 'null')).toMatchObject({ workflowId: workflow.body.id, version: 1 });
      const routes = await Promise.all((await redis.keys(`${keys}r:*:POST gw-orders`)).map((key) => redis.get(key)));
      expect(routes.map((route) => JSON.parse(route ?? 'null') as unknown)).toContainEqual(
        expect.objectContaining({ workflowId: workflow.body.id, version: 1 }),
      );
    } finally {
      await redis.quit();
    }
  });

  it('refuses a deactivated user at the edge on the next request, and keeps the admin routes to super admins', async () => {
    const root = await api.post<{ user: { role: string }; accessToken: string }>('/api/v1/auth/register', {
      name: 'Root',
      email: superAdminEmail,
      password: `cobalt-osprey-${Date.now()}`,
    });
    expect(root.body.user.role).toBe('super_admin');
    const leaving = await registerUser(api, 'Leaving');
    const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Leaving Ltd' }, { token: leaving.token });
    const key = await api.post<{ key: string }>(`/api/v1/orgs/${org.body.id}/api-keys`, { name: 'ci' }, { token: leaving.token });
    expect((await api.get(`/api/v1/orgs/${org.body.id}`, { apiKey: key.body.key })).status).toBe(200);
    const refused = await api.post(`/api/v1/admin/users/${leaving.id}/deactivate`, {}, { token: owner.token });
    expect({ status: refused.status, code: refused.body['code'] }).toEqual({ status: 403, code: 'access.platform_role_required' });
    expect((await api.post(`/api/v1/admin/users/${leaving.id}/deactivate`, { reason: 'left' }, { token: root.body.accessToken })).status).toBe(200);
    expect((await api.get(`/api/v1/orgs/${org.body.id}`, { token: leaving.token })).status).toBe(401);
    expect((await api.get(`/api/v1/orgs/${org.body.id}`, { apiKey: key.body.key })).status).toBe(401);
    expect((await api.get('/api/v1/me', { token: leaving.token })).status).toBe(401);
    expect((await api.post(`/api/v1/admin/users/${leaving.id}/reactivate`, {}, { token: root.body.accessToken })).status).toBe(200);
    expect((await api.get(`/api/v1/orgs/${org.body.id}`, { apiKey: key.body.key })).status).toBe(200);
  });

  it('checks access at the edge: with a service down, a caller without credentials still gets 401 and a member 503', async () => {
    await deployment.apps.workflows.stop();
    const anonymous = await api.get(`/api/v1/orgs/${orgId}/workflows`);
    expect(anonymous.status).toBe(401);
    const outsider = await registerUser(api, 'Outsider');
    expect((await api.get(`/api/v1/orgs/${orgId}/workflows`, { token: outsider.token })).status).toBe(404);
    const member = await api.get(`/api/v1/orgs/${orgId}/workflows`, { token: owner.token });
    expect(member.status).toBe(503);
    expect(member.headers.get('retry-after')).toBe('1');
    expect(member.body).toMatchObject({ code: 'gateway.service_unavailable' });
    // The other services carry on.
    expect((await api.get('/api/v1/me', { token: owner.token })).status).toBe(200);
  });
});
