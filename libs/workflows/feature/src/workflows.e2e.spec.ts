import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform } from '@weft/testing';

// Workflows over HTTP against one started platform (PostgreSQL server): versioned
// definitions, optimistic concurrency, publishing, activation and its webhook routes,
// templates, n8n import, and roles.

interface Workflow {
  id: string;
  slug: string;
  name: string;
  version: number;
  status: string;
  isActive: boolean;
  publishedVersion: number | null;
  activeVersion: number | null;
  webhooks: { method: string; path: string; nodeId: string }[];
  nodes: { id: string; type: string; properties?: Record<string, unknown> }[];
  tags: string[];
  isTemplate: boolean;
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
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-workflows-e2e-'));
const SLOW = 60_000;
const as = (user: TestUser) => ({ token: user.token });
let routeCounter = 0;

/** A webhook → set workflow on a path of its own. */
function definition(pathName = `orders-${++routeCounter}-${Date.now()}`) {
  return {
    nodes: [
      { id: 'hook', type: 'webhookTrigger', properties: { path: pathName, method: 'POST', responseMode: 'lastNode' } },
      { id: 'set', type: 'set', properties: { fields: [{ name: 'ok', type: 'boolean', value: true }] } },
    ],
    connections: [{ source: 'hook', target: 'set' }],
  };
}

async function create(name: string, extra: Record<string, unknown> = {}, by: TestUser = owner): Promise<Workflow> {
  const answer = await api.post<Workflow>(`/api/v1/orgs/${orgId}/workflows`, { name, ...definition(), ...extra }, as(by));
  expect(answer.status).toBe(201);
  return answer.body;
}

async function member(role: string): Promise<TestUser> {
  const user = await registerUser(api, `${role} user`);
  const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: user.email, role }, as(owner));
  expect((await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, as(user))).status).toBe(201);
  return user;
}

const wf = (id: string, suffix = '') => `/api/v1/orgs/${orgId}/workflows/${id}${suffix}`;

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Workflow Owner');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Workflow Org' }, as(owner))).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('workflow definitions', () => {
  it('creates version 1 as a draft with a slug from the name, unique in the organization', async () => {
    const first = await create('Order Intake');
    expect(first).toMatchObject({ slug: 'order-intake', version: 1, status: 'draft', isActive: false });
    expect((await create('Order Intake')).slug).toBe('order-intake-2');
    const taken = await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'x', slug: 'order-intake', ...definition() }, as(owner));
    expect(taken.status).toBe(409);
    expect((await api.get<Workflow>(wf(first.id), as(owner))).body).toMatchObject({
      id: first.id,
      nodes: [expect.objectContaining({ id: 'hook' }), expect.objectContaining({ id: 'set' })],
    });
  });

  it('refuses an invalid graph with 422 and one entry per problem, and malformed bodies with 400', async () => {
    const invalid = await api.post(
      `/api/v1/orgs/${orgId}/workflows`,
      {
        name: 'Broken',
        nodes: [
          { id: 'a', type: 'noSuchNode' },
          { id: 'b', type: 'set' },
        ],
        connections: [{ source: 'a', target: 'ghost' }],
      },
      as(owner),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    const errors = invalid.body['errors'] as { field: string; message: string }[];
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.map((e) => e.field).join(' ')).toMatch(/nodes\[0\]|connections\[0\]/);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'x', nodes: [], connections: [], color: 'red' }, as(owner))).status).toBe(400);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'x', nodes: 'none', connections: [] }, as(owner))).status).toBe(400);
  });

  it('updates with optimistic concurrency, keeps every version, and restores an old one as a new version', async () => {
    const created = await create('Versioned', { tags: ['ops'] });
    const v2 = await api.call<Workflow>('PUT', wf(created.id), { body: { expectedVersion: 1, name: 'Versioned v2', tags: ['ops', 'billing'] }, as: as(owner) });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, name: 'Versioned v2', tags: ['ops', 'billing'] });
    const stale = await api.call('PUT', wf(created.id), { body: { expectedVersion: 1, name: 'Lost update' }, as: as(owner) });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'workflow.version_conflict' });

    const versions = await api.get<Page<{ version: number; name: string }>>(wf(created.id, '/versions'), as(owner));
    expect(versions.body.data.map((v) => [v.version, v.name])).toEqual([
      [2, 'Versioned v2'],
      [1, 'Versioned'],
    ]);
    const v1 = await api.get<{ name: string; nodes: unknown[]; connections: unknown[]; tags: string[] }>(wf(created.id, '/versions/1'), as(owner));
    expect(v1.body).toMatchObject({ name: 'Versioned', tags: ['ops'] });
    expect((await api.get(wf(created.id, '/versions/9'), as(owner))).status).toBe(404);

    const restored = await api.call<Workflow>('PUT', wf(created.id), {
      body: { expectedVersion: 2, name: v1.body.name, tags: v1.body.tags, nodes: v1.body.nodes, connections: v1.body.connections },
      as: as(owner),
    });
    expect(restored.body).toMatchObject({ version: 3, name: 'Versioned', tags: ['ops'] });
    const noChange = await api.call<Workflow>('PUT', wf(created.id), { body: { expectedVersion: 3, name: 'Versioned' }, as: as(owner) });
    expect(noChange.body.version).toBe(3);
  });

  it('lists with filters and a cursor', async () => {
    const tag = `t${Date.now()}`;
    const a = await create('Filter Alpha', { tags: [tag] });
    const b = await create('Filter Beta', { tags: [tag] });
    await api.post(wf(a.id, '/publish'), {}, as(owner));
    const list = async (query: string) => (await api.get<Page<Workflow>>(`/api/v1/orgs/${orgId}/workflows?${query}`, as(owner))).body;
    expect((await list(`tag=${tag}`)).data.map((w) => w.id)).toEqual([a.id, b.id]); // a changed last (published)
    expect((await list(`tag=${tag}&status=published`)).data.map((w) => w.id)).toEqual([a.id]);
    expect((await list(`tag=${tag}&q=beta`)).data.map((w) => w.id)).toEqual([b.id]);
    const first = await list(`tag=${tag}&limit=1`);
    expect(first.data).toHaveLength(1);
    expect((await list(`tag=${tag}&limit=1&cursor=${first.nextCursor}`)).data.map((w) => w.id)).toEqual([b.id]);
    expect((await api.get(`/api/v1/orgs/${orgId}/workflows?status=bogus`, as(owner))).status).toBe(400);
  });

  it('creates from a template of the organization', async () => {
    const template = await create('Template Flow', { isTemplate: true });
    const copy = await api.post<Workflow>(
      `/api/v1/orgs/${orgId}/workflows`,
      { name: 'From Template', fromTemplateId: template.id, nodes: [], connections: [] },
      as(owner),
    );
    expect(copy.status).toBe(201);
    expect(copy.body.nodes.map((n) => n.id)).toEqual(['hook', 'set']);
    const notTemplate = await create('Plain');
    expect(
      (await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'x', fromTemplateId: notTemplate.id, nodes: [], connections: [] }, as(owner))).status,
    ).toBe(422);
    expect((await api.get<Page<Workflow>>(`/api/v1/orgs/${orgId}/workflows?isTemplate=true`, as(owner))).body.data.map((w) => w.id)).toContain(template.id);
  });
});

describe('publishing and activation', () => {
  it(
    'activates the published version on its webhook route; a route taken by another workflow is 409 until freed',
    async () => {
      const shared = `shared-${Date.now()}`;
      const first = await create('Route Holder', definition(shared));
      await api.post(wf(first.id, '/publish'), { expectedVersion: 1 }, as(owner));
      const active = await api.post<Workflow>(wf(first.id, '/activate'), {}, as(owner));
      expect(active.status).toBe(200);
      expect(active.body).toMatchObject({
        isActive: true,
        activeVersion: 1,
        publishedVersion: 1,
        status: 'published',
        webhooks: [{ method: 'POST', path: shared, nodeId: 'hook' }],
      });

      // Editing does not change what runs until the next publish + activate.
      await api.call('PUT', wf(first.id), { body: { expectedVersion: 1, name: 'Route Holder v2' }, as: as(owner) });
      expect((await api.get<Workflow>(wf(first.id), as(owner))).body).toMatchObject({ version: 2, activeVersion: 1 });

      const second = await create('Route Rival', definition(shared));
      const conflict = await api.post(wf(second.id, '/activate'), {}, as(owner));
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ code: 'webhook.route_taken' });
      expect((await api.get<Workflow>(wf(second.id), as(owner))).body.isActive).toBe(false);

      expect((await api.post<Workflow>(wf(first.id, '/deactivate'), {}, as(owner))).body).toMatchObject({ isActive: false, webhooks: [] });
      expect((await api.post<Workflow>(wf(second.id, '/activate'), {}, as(owner))).body.isActive).toBe(true);
    },
    SLOW,
  );

  it('refuses to publish a stale version', async () => {
    const created = await create('Publish Me');
    await api.call('PUT', wf(created.id), { body: { expectedVersion: 1, name: 'Publish Me v2' }, as: as(owner) });
    expect((await api.post(wf(created.id, '/publish'), { expectedVersion: 1 }, as(owner))).status).toBe(409);
    expect((await api.post<Workflow>(wf(created.id, '/publish'), { expectedVersion: 2 }, as(owner))).body).toMatchObject({
      status: 'published',
      publishedVersion: 2,
    });
  });

  it(
    'archives (deactivating it and freeing its route) and deletes (hidden, slug free again, history kept)',
    async () => {
      const route = `archive-${Date.now()}`;
      const created = await create('Archive Me', definition(route));
      await api.post(wf(created.id, '/activate'), {}, as(owner));
      const archived = await api.post<Workflow>(wf(created.id, '/archive'), {}, as(owner));
      expect(archived.body).toMatchObject({ status: 'archived', isActive: false });
      expect((await api.post(wf(created.id, '/activate'), {}, as(owner))).status).toBe(409);
      const other = await create('Takes The Route', definition(route));
      expect((await api.post<Workflow>(wf(other.id, '/activate'), {}, as(owner))).body.isActive).toBe(true);

      expect((await api.delete(wf(created.id), as(owner))).status).toBe(204);
      expect((await api.get(wf(created.id), as(owner))).status).toBe(404);
      const again = await api.post<Workflow>(`/api/v1/orgs/${orgId}/workflows`, { name: 'Archive Me', ...definition() }, as(owner));
      expect([again.status, again.body.slug]).toEqual([201, 'archive-me']);
    },
    SLOW,
  );
});

describe('n8n import', () => {
  it('converts an n8n export and lists what it could not map', async () => {
    const recorded = JSON.parse(fs.readFileSync(path.resolve('libs/engine/nodes/src/n8n/recorded/aggregate-all.json'), 'utf8')) as {
      workflow: { name: string; nodes: { type: string }[] };
    };
    const source = {
      ...recorded.workflow,
      nodes: [...recorded.workflow.nodes, { id: 'x1', name: 'Mystery', type: 'n8n-nodes-base.noSuchThing', typeVersion: 1, position: [0, 0], parameters: {} }],
    };
    const answer = await api.post<{ workflow: Workflow; unsupported: { node?: string; message: string }[] }>(
      `/api/v1/orgs/${orgId}/workflows/import`,
      source,
      as(owner),
    );
    expect([answer.status, answer.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
    expect(answer.body.workflow.nodes.some((n) => n.type === 'webhookTrigger')).toBe(true);
    expect(answer.body.unsupported.some((p) => p.node === 'Mystery')).toBe(true);
    expect((await api.post(`/api/v1/orgs/${orgId}/workflows/import`, { nodes: 'nope' }, as(owner))).status).toBe(400);
  });
});

describe('roles', () => {
  it(
    'members build and activate workflows; auditors read and change nothing',
    async () => {
      const builder = await member('member');
      const auditor = await member('auditor');
      const mine = await create('Member Built', {}, builder);
      expect((await api.post<Workflow>(wf(mine.id, '/activate'), {}, as(builder))).body.isActive).toBe(true);
      expect((await api.get(wf(mine.id), as(auditor))).status).toBe(200);
      expect((await api.get(`/api/v1/orgs/${orgId}/workflows`, as(auditor))).status).toBe(200);
      expect((await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'No', ...definition() }, as(auditor))).status).toBe(403);
      expect((await api.call('PUT', wf(mine.id), { body: { expectedVersion: 1, name: 'No' }, as: as(auditor) })).status).toBe(403);
      for (const action of ['/publish', '/activate', '/deactivate', '/archive'])
        expect((await api.post(wf(mine.id, action), {}, as(auditor))).status).toBe(403);
      expect((await api.delete(wf(mine.id), as(auditor))).status).toBe(403);
    },
    SLOW,
  );
});
