import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Deactivating and reactivating a user over HTTP against one started platform: a super
// admin (WEFT_SUPER_ADMIN_EMAIL) deactivates a user holding a live access token, a
// refresh token and an API key, and every one of them fails on the very next request.

interface AuthBody {
  user: { id: string; role: string };
  accessToken: string;
  refreshToken: string;
}

interface AdminUserBody {
  id: string;
  isActive: boolean;
  deactivatedAt: string | null;
  deactivatedBy: string | null;
  deactivationReason: string | null;
  reactivatedAt: string | null;
}

interface OpenApi {
  paths: Record<string, Record<string, { 'x-weft-access'?: unknown; security?: unknown[] }>>;
}

const SLOW = 60_000;
const superAdminEmail = `root.${Date.now()}@example.com`;
const superAdminPassword = `cobalt-osprey-${Math.random().toString(36).slice(2, 10)}`;

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-deactivation-e2e-'));
let admin: { id: string; token: string };

const deactivate = (userId: string, token: string, body: unknown = {}) =>
  api.post<AdminUserBody & { code?: string }>(`/api/v1/admin/users/${userId}/deactivate`, body, { token });
const reactivate = (userId: string, token: string) => api.post<AdminUserBody & { code?: string }>(`/api/v1/admin/users/${userId}/reactivate`, {}, { token });
const login = (user: TestUser, password = user.password) => api.post<AuthBody & { code?: string }>('/api/v1/auth/login', { email: user.email, password });
const issuedAtOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number }).iat;

/** A user with a live access token, a refresh token, an organization and an API key it created. */
async function userWithCredentials(name: string) {
  const user = await registerUser(api, name);
  const session = await login(user);
  expect(session.status).toBe(200);
  const org = await api.post<{ id: string }>('/api/v1/orgs', { name: `${name} Works` }, { token: user.token });
  expect(org.status).toBe(201);
  const key = await api.post<{ key: string }>(`/api/v1/orgs/${org.body.id}/api-keys`, { name: 'deploys' }, { token: user.token });
  expect(key.status).toBe(201);
  return { user, orgId: org.body.id, accessToken: session.body.accessToken, refreshToken: session.body.refreshToken, apiKey: key.body.key };
}

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, WEFT_SUPER_ADMIN_EMAIL: superAdminEmail } });
  api = new ApiClient(platform.baseUrl);
  const registered = await api.post<AuthBody>('/api/v1/auth/register', { name: 'Root', email: superAdminEmail, password: superAdminPassword });
  expect(registered.status).toBe(201);
  expect(registered.body.user.role).toBe('super_admin');
  admin = { id: registered.body.user.id, token: registered.body.accessToken };
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('deactivating a user', () => {
  it(
    'stops the access token, the refresh token, the API key and login on the very next request',
    async () => {
      const { user, orgId, accessToken, refreshToken, apiKey } = await userWithCredentials('Mallory');
      expect((await api.get('/api/v1/me', { token: accessToken })).status).toBe(200);
      expect((await api.get(`/api/v1/orgs/${orgId}`, { apiKey })).status).toBe(200);

      const answer = await deactivate(user.id, admin.token, { reason: '  left the company ' });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        id: user.id,
        isActive: false,
        deactivatedBy: admin.id,
        deactivationReason: 'left the company',
        deactivatedAt: expect.any(String),
      });

      for (const token of [accessToken, user.token]) {
        expect((await api.get('/api/v1/me', { token })).status).toBe(401);
        expect((await api.get(`/api/v1/orgs/${orgId}`, { token })).status).toBe(401);
      }
      expect((await api.post('/api/v1/auth/refresh', { refreshToken })).status).toBe(401);
      const byKey = await api.get(`/api/v1/orgs/${orgId}`, { apiKey });
      expect(byKey.status).toBe(401);
      expect(byKey.headers.get('content-type')).toContain('application/problem+json');
      // The account's state is told only to whoever knows its password.
      const rightPassword = await login(user);
      expect({ status: rightPassword.status, code: rightPassword.body.code }).toEqual({ status: 401, code: 'auth.account_deactivated' });
      const wrongPassword = await login(user, `${user.password}-wrong`);
      expect({ status: wrongPassword.status, code: wrongPassword.body.code }).toEqual({ status: 401, code: 'auth.invalid_credentials' });
    },
    SLOW,
  );

  it(
    'is a no-op the second time, and refuses a super admin deactivating themself and an unknown user',
    async () => {
      const user = await registerUser(api, 'Twice');
      const first = await deactivate(user.id, admin.token, { reason: 'first' });
      const second = await deactivate(user.id, admin.token, { reason: 'second' });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.body).toEqual(first.body);
      const self = await deactivate(admin.id, admin.token);
      expect({ status: self.status, code: self.body.code }).toEqual({ status: 403, code: 'user.own_deactivation' });
      expect((await api.get('/api/v1/me', { token: admin.token })).status).toBe(200);
      for (const unknown of ['6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'not-a-user']) {
        const missing = await deactivate(unknown, admin.token);
        expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'user.not_found' });
        expect((await reactivate(unknown, admin.token)).status).toBe(404);
      }
      expect((await deactivate(user.id, admin.token, { reason: 'x'.repeat(501) })).status).toBe(400);
    },
    SLOW,
  );

  it(
    'is for super admins only: 403 for a user (even on their own account), 403 for an API key, 401 without credentials',
    async () => {
      const { user, apiKey } = await userWithCredentials('Eve');
      const victim = await registerUser(api, 'Victim');
      for (const target of [victim.id, user.id, admin.id]) {
        for (const call of [deactivate(target, user.token), reactivate(target, user.token)]) {
          const answer = await call;
          expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 403, code: 'access.platform_role_required' });
          expect(answer.headers.get('content-type')).toContain('application/problem+json');
        }
      }
      expect((await api.call('POST', `/api/v1/admin/users/${victim.id}/deactivate`, { body: {}, as: { apiKey } })).status).toBe(403);
      expect((await api.call('POST', `/api/v1/admin/users/${victim.id}/deactivate`, { body: {} })).status).toBe(401);
      expect((await api.get('/api/v1/me', { token: victim.token })).status).toBe(200);
    },
    SLOW,
  );
});

describe('reactivating a user', () => {
  it(
    'lets them log in again and their API key work again; the old sessions stay revoked',
    async () => {
      const { user, orgId, accessToken, refreshToken, apiKey } = await userWithCredentials('Lazarus');
      // The old token's second is over before the deactivation, so "issued before the reactivation" is certain.
      const issuedAt = issuedAtOf(accessToken);
      await waitUntil(() => Date.now() >= (issuedAt + 1) * 1000, { description: 'the next second' });
      expect((await deactivate(user.id, admin.token)).status).toBe(200);
      expect((await login(user)).status).toBe(401);

      const answer = await reactivate(user.id, admin.token);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: user.id, isActive: true, deactivatedAt: null, deactivationReason: null, reactivatedAt: expect.any(String) });
      const again = await reactivate(user.id, admin.token);
      expect(again.status).toBe(200);
      expect(again.body.reactivatedAt).toBe(answer.body.reactivatedAt);

      const session = await login(user);
      expect(session.status).toBe(200);
      expect((await api.get<{ id: string }>('/api/v1/me', { token: session.body.accessToken })).body.id).toBe(user.id);
      expect((await api.post('/api/v1/auth/refresh', { refreshToken: session.body.refreshToken })).status).toBe(200);
      expect((await api.get(`/api/v1/orgs/${orgId}`, { apiKey })).status).toBe(200);
      // What the deactivation ended stays ended.
      expect((await api.post('/api/v1/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await api.get('/api/v1/me', { token: accessToken })).status).toBe(401);
    },
    SLOW,
  );
});

describe('the administration routes in the OpenAPI document', () => {
  it('are documented with their super-admin requirement, which the gateway checks at the edge', async () => {
    const document = (await api.get<OpenApi>('/docs/openapi.json')).body;
    for (const route of ['/api/v1/admin/users/{userId}/deactivate', '/api/v1/admin/users/{userId}/reactivate']) {
      const operation = document.paths[route]?.['post'];
      expect(operation?.['x-weft-access']).toEqual({ kind: 'platformRole', role: 'super_admin' });
      expect(operation?.security?.length).toBe(2);
    }
  });
});
