import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from './api-client.js';
import { type StartedPlatform } from './platform.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';
import { type Tenant, createTenant, readTenant } from './tenants.js';

// The tenant-isolation suite (run against the embedded platform and the distributed
// gateway): every organization-scoped operation of the OpenAPI document
// is called on organization A's resources by organization B (its owner's token and its
// API key). Reads must answer 404, writes 403, and no answer may carry anything of A;
// afterwards A must be exactly as it was. Endpoints added later are walked automatically:
// a path parameter without a fixture in createTenant (tenants.ts) fails the suite until one is added.

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

// The client of the suite being run (one suite per spec file, so one at a time).
let api: ApiClient;

function orgScopedOperations(document: OpenApi): { method: string; template: string }[] {
  return Object.entries(document.paths)
    .filter(([template]) => template.includes('{orgId}'))
    .flatMap(([template, operations]) => METHODS.filter((method) => operations[method] !== undefined).map((method) => ({ method, template })));
}

function fill(template: string, fixtures: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = fixtures[name];
    if (value === undefined) throw new Error(`No isolation fixture for path parameter {${name}} of ${template}: add one to createTenant() in tenants.ts.`);
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
    a = await createTenant(api, 'Alpha');
    b = await createTenant(api, 'Beta');
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
      for (const { method, template } of operations)
        expect({ operation: `${method} ${template}`, security: document.paths[template]![method]!.security?.length ?? 0 }).toEqual({
          operation: `${method} ${template}`,
          security: 2,
        });
    });

    it.each([
      ['the owner of another organization', () => ({ token: b.owner.token })],
      ['a member of another organization', () => ({ token: b.member.token })],
      ["another organization's API key", () => ({ apiKey: b.apiKey })],
    ])(
      "%s gets 404 on reads, 403 on writes, and nothing of the organization's data",
      async (_who, credentials) => {
        const before = await readTenant(api, a);
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
        expect(await readTenant(api, a)).toEqual(before);
      },
      120_000,
    );

    it('answers 401 to every organization-scoped operation without credentials', async () => {
      for (const { method, template } of orgScopedOperations(document)) {
        const answer = await api.call(method.toUpperCase(), fill(template, a.fixtures), method === 'get' || method === 'delete' ? {} : { body: {} });
        expect({ operation: `${method} ${template}`, status: answer.status }).toEqual({ operation: `${method} ${template}`, status: 401 });
      }
    }, 60_000);

    it("does not list another organization's data in the caller's own lists", async () => {
      const lists = await Promise.all([
        api.get('/api/v1/orgs', { token: b.owner.token }),
        api.get('/api/v1/me', { token: b.owner.token }),
        api.get('/api/v1/orgs', { apiKey: b.apiKey }),
      ]);
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
