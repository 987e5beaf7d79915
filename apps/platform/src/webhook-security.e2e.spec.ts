import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@weft/eventstore';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Two classes of bug an outside probe found at the public webhook entry, each tried the
// way an attacker would:
// - Idempotency-Key replays answered before the webhook's own authentication, and
//   scoped by the Authorization header only: a caller without the secret got the stored
//   answer, and an unauthenticated first use made the legitimate caller's request replay
//   a 403. Now authentication comes first, replays are scoped by the authenticated
//   principal, and a refused request's answer is never stored.
// - One organization received another's webhook traffic (`orders/42` beside another
//   tenant's `orders/:orderId`, or a catch-all `:anything`). Now a path's first segment
//   is literal and belongs to one organization (../shared/design/api.md, Webhooks).

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-webhook-security-'));
const as = (user: TestUser) => ({ token: user.token });
let counter = 0;
const unique = (name: string) => `${name}${++counter}x${Date.now()}`;

interface Tenant {
  user: TestUser;
  orgId: string;
}

async function tenant(name: string): Promise<Tenant> {
  const user = await registerUser(api, name);
  const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name }, as(user))).body.id;
  return { user, orgId };
}

/** A workflow answering with a marker of its organization; activated when `activate` says so. */
async function hookWorkflow(owner: Tenant, route: string, extra: { hook?: Record<string, unknown>; credentialId?: string; activate?: boolean } = {}) {
  const nodes = [
    {
      id: 'hook',
      type: 'webhookTrigger',
      properties: { path: route, method: 'POST', responseMode: 'lastNode', ...extra.hook },
      ...(extra.credentialId ? { credentials: { id: extra.credentialId } } : {}),
    },
    { id: 'mark', type: 'set', properties: { fields: [{ name: 'organization', type: 'string', value: owner.orgId }], keepOnlySet: true } },
  ];
  const created = await api.post<{ id: string }>(
    `/api/v1/orgs/${owner.orgId}/workflows`,
    { name: `Hook ${route}`, nodes, connections: [{ source: 'hook', target: 'mark' }] },
    as(owner.user),
  );
  expect(created.status).toBe(201);
  const activation =
    extra.activate === false ? undefined : await api.post(`/api/v1/orgs/${owner.orgId}/workflows/${created.body.id}/activate`, {}, as(owner.user));
  return { id: created.body.id, activation };
}

async function hook(route: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform.baseUrl}/webhook/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), text };
}

const storedKeys = async (key: string) =>
  (await database.db.query<{ n: number }>('select count(*)::int as n from idempotency_keys where idempotency_key = $1', [key])).rows[0]?.n;
/** Runs queued for the workflow, from the event store (the answer came after the append; the read model may lag). */
const executionsOf = async (workflowId: string) =>
  (await database.db.query<{ n: number }>("select count(*)::int as n from events where type = 'ExecutionQueued' and data->>'workflowId' = $1", [workflowId]))
    .rows[0]?.n;

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
  api = new ApiClient(platform.baseUrl);
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Idempotency-Key after authentication', () => {
  let owner: Tenant;
  beforeAll(async () => {
    owner = await tenant('Hook Owner');
  });

  it('never answers a caller without the webhook’s header secret from the store, and never stores its refusal', async () => {
    const secret = `hook-secret-${randomUUID()}`;
    const credential = await api.post<{ id: string }>(
      `/api/v1/orgs/${owner.orgId}/credentials`,
      { name: 'Hook header', type: 'httpHeaderAuth', data: { name: 'X-Hook-Secret', value: secret } },
      as(owner.user),
    );
    const route = unique('guarded');
    const { id } = await hookWorkflow(owner, route, { hook: { authentication: 'header' }, credentialId: credential.body.id });
    const key = randomUUID();
    const body = JSON.stringify({ order: 42 });

    // The attacker goes first with the key: refused, and nothing is kept for the key.
    const early = await hook(route, body, { 'idempotency-key': key });
    expect([401, 403]).toContain(early.status);
    expect(await storedKeys(key)).toBe(0);
    // The legitimate caller's request runs (it does not replay the attacker's refusal).
    const legitimate = await hook(route, body, { 'idempotency-key': key, 'x-hook-secret': secret });
    expect(legitimate.status).toBe(200);
    expect(legitimate.replayed).toBeNull();
    expect(legitimate.text).toContain(owner.orgId);
    // The attacker repeats the key and body without the secret: refused, not the stored answer.
    const late = await hook(route, body, { 'idempotency-key': key, 'x-hook-secret': 'guess' });
    expect([401, 403]).toContain(late.status);
    expect(late.text).not.toContain(owner.orgId);
    // The legitimate repeat is a replay; the workflow ran once.
    const repeat = await hook(route, body, { 'idempotency-key': key, 'x-hook-secret': secret });
    expect(repeat).toMatchObject({ status: 200, replayed: 'true', text: legitimate.text });
    expect(await executionsOf(id)).toBe(1);
  });

  it('does the same for basic auth: a wrong password is refused and not stored, the right one runs', async () => {
    const credential = await api.post<{ id: string }>(
      `/api/v1/orgs/${owner.orgId}/credentials`,
      { name: 'Hook basic', type: 'httpBasicAuth', data: { user: 'hook', password: 'right-password-1' } },
      as(owner.user),
    );
    const route = unique('basic');
    await hookWorkflow(owner, route, { hook: { authentication: 'basic' }, credentialId: credential.body.id });
    const key = randomUUID();
    const basic = (password: string) => `Basic ${Buffer.from(`hook:${password}`).toString('base64')}`;
    expect((await hook(route, '{}', { 'idempotency-key': key, authorization: basic('wrong') })).status).toBe(403);
    expect(await storedKeys(key)).toBe(0);
    const right = await hook(route, '{}', { 'idempotency-key': key, authorization: basic('right-password-1') });
    expect(right).toMatchObject({ status: 200, replayed: null });
    expect(await hook(route, '{}', { 'idempotency-key': key, authorization: basic('wrong') })).toMatchObject({ status: 403 });
    expect(await hook(route, '{}', { 'idempotency-key': key })).toMatchObject({ status: 401 });
  });

  it('scopes API replays by the authenticated principal: never by a bad token, never across users, across one user’s sessions', async () => {
    const other = await tenant('Other User');
    const key = randomUUID();
    const create = (credentials: { token: string } | undefined, headers: Record<string, string> = {}) =>
      api.call<{ id: string }>('POST', '/api/v1/orgs', { body: { name: 'Replayed Org' }, as: credentials, headers: { 'idempotency-key': key, ...headers } });
    const forged = await create(undefined, { authorization: `Bearer ${owner.user.token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    const anonymous = await create(undefined);
    expect(anonymous.status).toBe(401);
    expect(await storedKeys(key)).toBe(0);
    const first = await create(as(owner.user));
    expect(first.status).toBe(201);
    const otherUser = await create(as(other.user));
    expect(otherUser.status).toBe(201);
    expect(otherUser.body.id).not.toBe(first.body.id);
    // The same user signed in again (another token, same principal): the first answer.
    const login = await api.post<{ accessToken: string }>('/api/v1/auth/login', { email: owner.user.email, password: owner.user.password });
    const again = await create({ token: login.body.accessToken });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await create(undefined)).toMatchObject({ status: 401 });
  });
});

describe('webhook paths: the first segment belongs to one organization', () => {
  let first: Tenant;
  let second: Tenant;
  beforeAll(async () => {
    first = await tenant('First Tenant');
    second = await tenant('Second Tenant');
  });

  it('refuses the probe: a more specific path under another organization’s segment is 409, any case; its callers reach the holder only', async () => {
    const segment = unique('orders');
    expect((await hookWorkflow(first, `${segment}/:orderId`)).activation?.status).toBe(200);
    for (const route of [`${segment}/42`, `${segment.toUpperCase()}/42`, segment]) {
      const taken = await hookWorkflow(second, route);
      expect(taken.activation?.status).toBe(409);
      expect(taken.activation?.body).toMatchObject({ code: 'webhook.namespace_taken' });
      expect(JSON.stringify(taken.activation?.body)).not.toContain(first.orgId);
    }
    const call = await hook(`${segment}/42`, '{"secret":"for the first tenant"}');
    expect(call.status).toBe(200);
    expect(call.text).toContain(first.orgId);
    expect(await database.db.query('select count(*)::int as n from executions where organization_id = $1', [second.orgId])).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('refuses a parameter as the first segment (422): a catch-all would take every tenant’s traffic', async () => {
    for (const route of [':anything', ':tenant/orders']) {
      const refused = await hookWorkflow(second, route);
      expect(refused.activation?.status).toBe(422);
      expect(refused.activation?.body).toMatchObject({ code: 'webhook.path_parameter_first' });
    }
    expect((await hook(unique('unmatched'), '{}')).status).toBe(404);
  });

  it('frees a segment when the last workflow of its holder leaves it; within one organization both routes work', async () => {
    const segment = unique('invoices');
    const general = await hookWorkflow(first, `${segment}/:id`);
    const special = await hookWorkflow(first, `${segment}/special`);
    expect(special.activation?.status).toBe(200);
    expect((await hook(`${segment}/special`, '{}')).text).toContain(first.orgId);
    for (const workflow of [general, special])
      expect((await api.post(`/api/v1/orgs/${first.orgId}/workflows/${workflow.id}/deactivate`, {}, as(first.user))).status).toBe(200);
    expect((await hookWorkflow(second, `${segment}/42`)).activation?.status).toBe(200);
    expect((await hook(`${segment}/42`, '{}')).text).toContain(second.orgId);
  });
});

describe('webhook routes from before the rule', () => {
  it('are reported at start-up; the older owner keeps the path, a catch-all is never served', async () => {
    const older = await tenant('Older Tenant');
    const segment = unique('legacy');
    expect((await hookWorkflow(older, `${segment}/:orderId`)).activation?.status).toBe(200);
    // What an activation could do before the rule: written straight into the event store.
    const newer = randomUUID();
    const store = new PostgresEventStore(database.db);
    const legacy = async (route: string) => {
      const workflowId = randomUUID();
      const ids = { workflowId, organizationId: newer };
      const at = new Date().toISOString();
      const nodes = [{ id: 'hook', type: 'webhookTrigger', properties: { path: route, method: 'POST', responseMode: 'lastNode' } }];
      const content = { name: 'Legacy', description: null, teamId: null, nodes, connections: [], settings: {}, tags: [] };
      await store.append(
        `workflows.Workflow-${workflowId}`,
        [
          {
            eventId: randomUUID(),
            type: 'WorkflowCreated',
            schemaVersion: 1,
            data: {
              ...ids,
              ...content,
              slug: `legacy-${workflowId.slice(0, 8)}`,
              version: 1,
              status: 'draft',
              isTemplate: false,
              fromTemplateId: null,
              createdBy: randomUUID(),
              createdAt: at,
            },
            metadata: { organizationId: newer },
          },
          {
            eventId: randomUUID(),
            type: 'WorkflowActivated',
            schemaVersion: 1,
            data: {
              ...ids,
              version: 1,
              webhooks: [{ method: 'POST', path: route, nodeId: 'hook' }],
              schedules: [],
              activatedBy: randomUUID(),
              activatedAt: at,
            },
            metadata: { organizationId: newer },
          },
        ],
        'no_stream',
      );
      return workflowId;
    };
    const shadowing = await legacy(`${segment}/42`);
    const catchAll = await legacy(':anything');
    await waitUntil(
      async () => (await database.db.query('select 1 from workflows where id = any($1::uuid[]) and is_active', [[shadowing, catchAll]])).rowCount === 2,
      { description: 'the legacy activations to be projected' },
    );
    expect((await hook(`${segment}/42`, '{}')).text).toContain(older.orgId);
    expect((await hook(unique('anywhere'), '{}')).status).toBe(404);

    await platform.stop();
    platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
    api = new ApiClient(platform.baseUrl);
    await waitUntil(() => platform.output().includes(shadowing) && platform.output().includes(catchAll), {
      description: 'the start-up report of both legacy routes',
    });
    expect(platform.output()).toMatch(new RegExp(`${shadowing}.*another organization activated first`));
    expect(platform.output()).toMatch(new RegExp(`${catchAll}.*first segment is a parameter`));
    expect((await hook(`${segment}/42`, '{}')).text).toContain(older.orgId);
    expect((await hook(unique('anywhere'), '{}')).status).toBe(404);
    // The older owner's claim was recorded: a third organization is refused the segment.
    const third = await tenant('Third Tenant');
    expect((await hookWorkflow(third, `${segment}/7`)).activation?.status).toBe(409);
  });
});
