import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform } from '@weft/testing';

// Credentials over HTTP against one started platform (PostgreSQL server): typed data
// checked against its schema, metadata-only answers, roles, plan limits (402), and the
// secret-leak search: every secret submitted here is looked for in every answer, the
// process's whole log, the event store and every table, and must be nowhere.

interface Credential {
  id: string;
  name: string;
  type: string;
  isShared: boolean;
  ownerId: string;
  expiresAt: string | null;
  usageCount: number;
  createdAt: string;
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
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-credentials-e2e-'));
const as = (user: TestUser) => ({ token: user.token });
const MAX_CREDENTIALS = 6;
const MAX_WORKFLOWS = 2;

/** Every secret this suite submits: none may show up anywhere but in memory. */
const secrets: string[] = [];
const secret = (label: string) => {
  const value = `SECRET-${label}-${randomBytes(12).toString('hex')}`;
  secrets.push(value);
  return value;
};

const credentials = (suffix = '', org = orgId) => `/api/v1/orgs/${org}/credentials${suffix}`;

async function create(body: Record<string, unknown>, by: TestUser = owner, org = orgId): Promise<Credential> {
  const answer = await api.post<Credential>(credentials('', org), body, as(by));
  expect(answer.status).toBe(201);
  return answer.body;
}

async function member(role: string): Promise<TestUser> {
  const user = await registerUser(api, `${role} user`);
  const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: user.email, role }, as(owner));
  expect((await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, as(user))).status).toBe(201);
  return user;
}

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({
    env: {
      DATABASE_URL: database.url,
      WEFT_DATA_DIR: dataDir,
      WEFT_DEFAULT_PLAN_LIMITS: `maxCredentials=${MAX_CREDENTIALS},maxWorkflows=${MAX_WORKFLOWS}`,
      // No subscriptions: the limits are the configured defaults (billing's plans: libs/billing/feature/src/subscriptions.e2e.spec.ts).
      BILLING_TRIAL_PLAN: 'none',
    },
  });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Credential Owner');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Credential Org' }, as(owner))).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('credentials', () => {
  it('stores each type and answers with metadata only', async () => {
    const bodies = [
      { name: 'Basic', type: 'httpBasicAuth', data: { user: 'ops', password: secret('basic') } },
      { name: 'Header', type: 'httpHeaderAuth', data: { name: 'X-Api-Key', value: secret('header') } },
      { name: 'Bearer', type: 'httpBearerAuth', data: { token: secret('bearer') }, isShared: true, expiresAt: '2099-01-01T00:00:00.000Z' },
      { name: 'Query', type: 'httpQueryAuth', data: { name: 'api_key', value: secret('query') } },
      { name: 'OAuth', type: 'oAuth2ClientCredentials', data: { tokenUrl: 'https://auth.example.com/token', clientId: 'weft', clientSecret: secret('oauth') } },
    ];
    for (const body of bodies) {
      const created = await create(body);
      expect(created).toMatchObject({
        name: body.name,
        type: body.type,
        isShared: body.isShared ?? false,
        expiresAt: body.expiresAt ?? null,
        ownerId: owner.id,
        usageCount: 0,
      });
      expect(Object.keys(created)).not.toContain('data');
      expect((await api.get<Credential>(credentials(`/${created.id}`), as(owner))).body).toEqual(created);
    }
    const all = (await api.get<Page<Credential>>(credentials(), as(owner))).body;
    expect(all.data.map((c) => c.name)).toEqual(['OAuth', 'Query', 'Bearer', 'Header', 'Basic']);
    expect((await api.get<Page<Credential>>(credentials('?type=httpBearerAuth'), as(owner))).body.data.map((c) => c.name)).toEqual(['Bearer']);
    const first = (await api.get<Page<Credential>>(credentials('?limit=2'), as(owner))).body;
    const second = (await api.get<Page<Credential>>(credentials(`?limit=2&cursor=${first.nextCursor}`), as(owner))).body;
    expect(second.data.map((c) => c.name)).toEqual(['Bearer', 'Header']);
    const names = async (query: string) => (await api.get<Page<Credential>>(credentials(query), as(owner))).body.data.map((c) => c.name);
    expect(await names('?shared=true')).toEqual(['Bearer']);
    expect(await names('?expiresBefore=2100-01-01T00:00:00Z')).toEqual(['Bearer']);
    expect(await names('?unusedSince=2026-01-01T00:00:00Z')).toEqual(['OAuth', 'Query', 'Bearer', 'Header', 'Basic']);
    for (const bad of ['?shared=yes', '?expiresBefore=tomorrow', '?unusedSince=2026-13-01']) {
      const refused = await api.get(credentials(bad), as(owner));
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses data that does not fit the type with 422 naming the fields, never echoing a value', async () => {
    const leaked = secret('misplaced');
    const wrong = await api.post(credentials(), { name: 'Wrong', type: 'httpBasicAuth', data: { user: 'ops', passwd: leaked } }, as(owner));
    expect(wrong.status).toBe(422);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    const fields = (wrong.body['errors'] as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['data.password']));
    expect(wrong.text).not.toContain(leaked);
    expect(wrong.text).not.toContain('passwd');
    expect((await api.post(credentials(), { name: 'x', type: 'sshKey', data: {} }, as(owner))).status).toBe(400);
    expect((await api.post(credentials(), { name: 'x', type: 'httpBearerAuth', data: { token: 't' }, color: 'red' }, as(owner))).status).toBe(400);
    expect(
      (await api.post(credentials(), { name: 'x', type: 'httpBearerAuth', data: { token: 't' }, expiresAt: '2001-01-01T00:00:00Z' }, as(owner))).status,
    ).toBe(400);
  });

  it('renames, replaces the data of the same type, and deletes', async () => {
    const created = await create({ name: 'Rotating', type: 'httpBearerAuth', data: { token: secret('before') } });
    const renamed = await api.patch<Credential>(credentials(`/${created.id}`), { name: 'Rotated', data: { token: secret('after') } }, as(owner));
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: created.id, name: 'Rotated', type: 'httpBearerAuth' });
    const otherShape = await api.patch(credentials(`/${created.id}`), { data: { user: 'u', password: 'p' } }, as(owner));
    expect(otherShape.status).toBe(422);
    expect((await api.delete(credentials(`/${created.id}`), as(owner))).status).toBe(204);
    expect((await api.get(credentials(`/${created.id}`), as(owner))).status).toBe(404);
    expect((await api.patch(credentials(`/${created.id}`), { name: 'Back' }, as(owner))).status).toBe(404);
    expect((await api.get(credentials('/not-a-uuid'), as(owner))).status).toBe(404);
  });

  it('lets members and auditors read metadata but only owners and admins manage credentials', async () => {
    const target = await create({ name: 'Guarded', type: 'httpBearerAuth', data: { token: secret('guarded') } });
    for (const role of ['member', 'auditor']) {
      const user = await member(role);
      expect((await api.get(credentials(`/${target.id}`), as(user))).status).toBe(200);
      const refused = await api.post(credentials(), { name: 'Mine', type: 'httpBearerAuth', data: { token: 't' } }, as(user));
      expect(refused.status).toBe(403);
      expect((await api.patch(credentials(`/${target.id}`), { name: 'Taken over' }, as(user))).status).toBe(403);
      expect((await api.delete(credentials(`/${target.id}`), as(user))).status).toBe(403);
    }
    const admin = await member('admin');
    expect((await api.patch<Credential>(credentials(`/${target.id}`), { name: 'Admin renamed' }, as(admin))).body.name).toBe('Admin renamed');
  });

  it('answers 402 with the limit, the count and the maximum once the plan is used up', async () => {
    const org = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Limited Org' }, as(owner))).body.id;
    for (let i = 0; i < MAX_CREDENTIALS; i++) await create({ name: `C${i}`, type: 'httpBearerAuth', data: { token: 't' } }, owner, org);
    const over = await api.post(credentials('', org), { name: 'One too many', type: 'httpBearerAuth', data: { token: 't' } }, as(owner));
    expect(over.status).toBe(402);
    expect(over.body).toMatchObject({ code: 'plan.limit_reached', limit: 'maxCredentials', used: MAX_CREDENTIALS, max: MAX_CREDENTIALS });
    const list = (await api.get<Page<Credential>>(credentials('', org), as(owner))).body.data;
    expect((await api.delete(credentials(`/${list[0]!.id}`, org), as(owner))).status).toBe(204);
    await create({ name: 'Room again', type: 'httpBearerAuth', data: { token: 't' } }, owner, org);

    const workflow = { nodes: [{ id: 'start', type: 'manualTrigger' }], connections: [] };
    for (let i = 0; i < MAX_WORKFLOWS; i++)
      expect((await api.post(`/api/v1/orgs/${org}/workflows`, { name: `W${i}`, ...workflow }, as(owner))).status).toBe(201);
    const tooMany = await api.post(`/api/v1/orgs/${org}/workflows`, { name: 'W over', ...workflow }, as(owner));
    expect(tooMany.status).toBe(402);
    expect(tooMany.body).toMatchObject({ limit: 'maxWorkflows', used: MAX_WORKFLOWS, max: MAX_WORKFLOWS });
  });

  it('keeps every secret out of answers, the log, the event store and every table', async () => {
    expect(secrets.length).toBeGreaterThan(5);
    const found = (where: string, text: string) => secrets.filter((s) => text.includes(s)).map((s) => `${s} in ${where}`);
    const leaks = [...found('answers', api.texts.join('\n')), ...found('log', platform.output())];
    const { rows: tables } = await database.db.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['credentials', 'credential_data_keys']));
    const everywhere: string[] = [];
    for (const table of tables) {
      const { rows } = await database.db.query<{ row: string }>(`select t::text as row from "${table.schema}"."${table.name}" t`);
      const text = rows.map((r) => r.row).join('\n');
      everywhere.push(text);
      leaks.push(...found(`${table.schema}.${table.name}`, text));
    }
    expect(leaks).toEqual([]);
    // The search reads real rows: what is not secret (a credential's name) is there.
    expect(everywhere.join('\n')).toContain('Admin renamed');
    // The blob is in the credential's stored events, and nothing of it is in the read model.
    const { rows: stored } = await database.db.query<{ data: { encrypted?: { ciphertext: string } } }>(
      `select data from events where type = 'CredentialCreated'`,
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((e) => typeof e.data.encrypted?.ciphertext === 'string')).toBe(true);
  });
});
