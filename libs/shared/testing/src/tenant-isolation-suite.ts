import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type TestUser, registerUser } from './api-client.js';
import { type StartedPlatform } from './platform.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';

// The tenant-isolation suite (run against the embedded platform and the distributed
// gateway): every organization-scoped operation of the OpenAPI document
// is called on organization A's resources by organization B (its owner's token and its
// API key). Reads must answer 404, writes 403, and no answer may carry anything of A;
// afterwards A must be exactly as it was. Endpoints added later are walked automatically:
// a path parameter without a fixture below fails the suite until one is added.

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

// The client of the suite being run (one suite per spec file, so one at a time).
let api: ApiClient;

interface Tenant {
  owner: TestUser;
  member: TestUser;
  orgId: string;
  apiKey: string;
  fixtures: Record<string, string>;
  /** Values of this tenant that must never appear in another tenant's answers. */
  secrets: string[];
}

async function tenant(label: string): Promise<Tenant> {
  const owner = await registerUser(api, `${label} Owner`);
  const org = await api.post<{ id: string; slug: string }>('/api/v1/orgs', { name: `${label} Industries` }, { token: owner.token });
  const orgId = org.body.id;
  const member = await registerUser(api, `${label} Member`);
  const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: member.email, role: 'member' }, { token: owner.token });
  await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, { token: member.token });
  const pending = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: `pending.${label.toLowerCase()}@example.com`, role: 'auditor' }, { token: owner.token });
  const team = await api.post<{ id: string; slug: string }>(`/api/v1/orgs/${orgId}/teams`, { name: `${label} Team` }, { token: owner.token });
  await api.post(`/api/v1/orgs/${orgId}/teams/${team.body.id}/members`, { userId: member.id }, { token: owner.token });
  const key = await api.post<{ id: string; key: string; prefix: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: `${label} key` }, { token: owner.token });
  const workflow = await api.post<{ id: string; slug: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    { name: `${label} Flow`, nodes: [{ id: 'hook', type: 'webhookTrigger', properties: { path: `${label.toLowerCase()}-orders`, method: 'POST' } }], connections: [] },
    { token: owner.token },
  );
  await api.post(`/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/activate`, {}, { token: owner.token });
  const credential = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/credentials`, { name: `${label} Vault`, type: 'httpBearerAuth', data: { token: `${label}-bearer-secret` } }, { token: owner.token });
  const run = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/run`, { input: { label }, wait: true }, { token: owner.token });
  expect(run.status).toBe(200);
  for (const answer of [org, invitation, pending, team, key, workflow, credential]) expect(answer.status).toBe(201);
  return {
    owner,
    member,
    orgId,
    apiKey: key.body.key,
    fixtures: { orgId, teamId: team.body.id, userId: member.id, apiKeyId: key.body.id, invitationId: pending.body.id, token: invitation.body.token, workflowId: workflow.body.id, version: '1', credentialId: credential.body.id, executionId: run.body.executionId },
    secrets: [orgId, org.body.slug, `${label} Industries`, team.body.id, `${label} Team`, member.id, member.email, owner.email, key.body.id, key.body.prefix, key.body.key, pending.body.id, workflow.body.id, `${label} Flow`, `${label.toLowerCase()}-orders`, credential.body.id, `${label} Vault`, `${label}-bearer-secret`, run.body.executionId],
  };
}

/** Everything the owner of `t` can read of it, to compare before and after the walk. */
async function snapshot(t: Tenant): Promise<string[]> {
  const as = { token: t.owner.token };
  const routes = [
    `/api/v1/orgs/${t.orgId}`,
    `/api/v1/orgs/${t.orgId}/members`,
    `/api/v1/orgs/${t.orgId}/teams`,
    `/api/v1/orgs/${t.orgId}/teams/${t.fixtures['teamId']}`,
    `/api/v1/orgs/${t.orgId}/api-keys`,
    `/api/v1/orgs/${t.orgId}/workflows`,
    `/api/v1/orgs/${t.orgId}/workflows/${t.fixtures['workflowId']}`,
    `/api/v1/orgs/${t.orgId}/workflows/${t.fixtures['workflowId']}/versions`,
    `/api/v1/orgs/${t.orgId}/credentials`,
    `/api/v1/orgs/${t.orgId}/credentials/${t.fixtures['credentialId']}`,
    `/api/v1/orgs/${t.orgId}/executions`,
    `/api/v1/orgs/${t.orgId}/executions/${t.fixtures['executionId']}`,
  ];
  // last_used_at of API keys moves with use; everything else must stay byte for byte.
  return Promise.all(routes.map(async (route) => (await api.get(route, as)).text.replace(/"lastUsedAt":("[^"]*"|null)/g, '')));
}

function orgScopedOperations(document: OpenApi): { method: string; template: string }[] {
  return Object.entries(document.paths)
    .filter(([template]) => template.includes('{orgId}'))
    .flatMap(([template, operations]) => METHODS.filter((method) => operations[method] !== undefined).map((method) => ({ method, template })));
}

function fill(template: string, fixtures: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = fixtures[name];
    if (value === undefined) throw new Error(`No isolation fixture for path parameter {${name}} of ${template}: add one to the tenant() setup.`);
    return value;
  });
}

/**
 * Registers the suite in the calling spec file. `start` brings up the deployment under
 * test on a fresh database (the embedded platform, or the distributed apps behind the gateway).
 */
export function describeTenantIsolation(mode: string, start: (target: { databaseUrl: string; dataDir: string }) => Promise<StartedPlatform>): void {
  let platform: StartedPlatform;
  let database: TestDatabase;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-isolation-e2e-'));
  let a: Tenant;
  let b: Tenant;
  let document: OpenApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await start({ databaseUrl: database.url, dataDir });
    api = new ApiClient(platform.baseUrl);
    a = await tenant('Alpha');
    b = await tenant('Beta');
    document = (await api.get<OpenApi>('/docs/openapi.json')).body;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe(`tenant isolation over every organization-scoped path of the OpenAPI document (${mode})`, () => {
    it('finds the organization-scoped operations and each declares authentication', () => {
      const operations = orgScopedOperations(document);
      expect(operations.length).toBeGreaterThanOrEqual(28);
      for (const { method, template } of operations) expect({ operation: `${method} ${template}`, security: document.paths[template]![method]!.security?.length ?? 0 }).toEqual({ operation: `${method} ${template}`, security: 2 });
    });

    it.each([
      ['the owner of another organization', () => ({ token: b.owner.token })],
      ['a member of another organization', () => ({ token: b.member.token })],
      ["another organization's API key", () => ({ apiKey: b.apiKey })],
    ])("%s gets 404 on reads, 403 on writes, and nothing of the organization's data", async (_who, credentials) => {
      const before = await snapshot(a);
      const answers: string[] = [];
      for (const { method, template } of orgScopedOperations(document)) {
        const route = fill(template, a.fixtures);
        const answer = await api.call(method.toUpperCase(), route, { as: credentials(), ...(method === 'get' || method === 'delete' ? {} : { body: {} }) });
        const expected = method === 'get' ? 404 : 403;
        expect({ operation: `${method} ${template}`, status: answer.status }).toEqual({ operation: `${method} ${template}`, status: expected });
        // `instance` echoes the request path (ids the caller sent); everything else must be free of A.
        const { instance: _instance, ...rest } = answer.body;
        answers.push(JSON.stringify(rest));
      }
      for (const secret of a.secrets) expect(answers.filter((text) => text.includes(secret))).toEqual([]);
      expect(await snapshot(a)).toEqual(before);
    }, 120_000);

    it('answers 401 to every organization-scoped operation without credentials', async () => {
      for (const { method, template } of orgScopedOperations(document)) {
        const answer = await api.call(method.toUpperCase(), fill(template, a.fixtures), method === 'get' || method === 'delete' ? {} : { body: {} });
        expect({ operation: `${method} ${template}`, status: answer.status }).toEqual({ operation: `${method} ${template}`, status: 401 });
      }
    }, 60_000);

    it("does not list another organization's data in the caller's own lists", async () => {
      const lists = await Promise.all([api.get('/api/v1/orgs', { token: b.owner.token }), api.get('/api/v1/me', { token: b.owner.token }), api.get('/api/v1/orgs', { apiKey: b.apiKey })]);
      for (const answer of lists) {
        expect(answer.status).toBe(200);
        for (const secret of a.secrets) expect(answer.text).not.toContain(secret);
      }
    });

    it("cannot accept another organization's invitation with a token made up from its ids", async () => {
      const answer = await api.post(`/api/v1/invitations/${a.fixtures['token']}/accept`, undefined, { token: b.owner.token });
      expect(answer.status).toBe(409); // already accepted by A's member; and B's owner is not the invited address
      const members = await api.get(`/api/v1/orgs/${a.orgId}/members`, { token: a.owner.token });
      expect(members.text).not.toContain(b.owner.id);
    });
  });
}
