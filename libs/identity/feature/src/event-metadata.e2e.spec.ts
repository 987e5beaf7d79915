import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@weft/eventstore';
import { type RecordedEvent, streamIdOf } from '@weft/kernel';
import { ApiClient, type Credentials, type StartedPlatform, type TestDatabase, createTestDatabase, startPlatform, waitUntil } from '@weft/testing';

// Every identity event names who acted (when anybody did) and where the request came
// from, for the audit trail: one account's whole life over HTTP, then its streams read
// back from the event store.

interface AuthBody {
  user: { id: string };
  accessToken: string;
  refreshToken: string;
}

const SLOW = 120_000;
const USER_AGENT = 'weft-audit-e2e/1.0';
const rootEmail = `root.${Date.now()}@example.com`;

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-identity-metadata-e2e-'));

const send = <Body = Record<string, unknown>>(method: string, route: string, body?: unknown, as?: Credentials) =>
  api.call<Body>(method, route, { body, as, headers: { 'user-agent': USER_AGENT } });
const password = () => `violet-kestrel-${Math.random().toString(36).slice(2, 10)}`;

async function register(email: string): Promise<AuthBody> {
  const answer = await send<AuthBody>('POST', '/api/v1/auth/register', { name: 'Audited', email, password: password() });
  expect(answer.status).toBe(201);
  return answer.body;
}

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, WEFT_SUPER_ADMIN_EMAIL: rootEmail } });
  api = new ApiClient(platform.baseUrl);
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the metadata of identity events', () => {
  it(
    'names the actor, the client address and user agent, and the request of every event of an account’s life',
    async () => {
      const root = await register(rootEmail);
      const email = `ada.${Date.now()}@example.com`;
      const secret = password();
      const registered = await send<AuthBody>('POST', '/api/v1/auth/register', { name: 'Ada', email, password: secret });
      expect(registered.status).toBe(201);
      const ada = registered.body.user.id;
      const login = await send<AuthBody>('POST', '/api/v1/auth/login', { email, password: secret });
      expect(login.status).toBe(200);
      expect((await send('PATCH', '/api/v1/me', { name: 'Ada L.' }, { token: login.body.accessToken })).status).toBe(200);
      const org = await send<{ id: string }>('POST', '/api/v1/orgs', { name: 'Audit Works' }, { token: login.body.accessToken });
      const key = await send<{ id: string }>('POST', `/api/v1/orgs/${org.body.id}/api-keys`, { name: 'deploys' }, { token: login.body.accessToken });
      expect(key.status).toBe(201);
      expect((await send('DELETE', `/api/v1/orgs/${org.body.id}/api-keys/${key.body.id}`, undefined, { token: login.body.accessToken })).status).toBe(204);
      const refreshed = await send<AuthBody>('POST', '/api/v1/auth/refresh', { refreshToken: login.body.refreshToken });
      expect(refreshed.status).toBe(200);
      expect((await send('POST', '/api/v1/auth/logout', { refreshToken: refreshed.body.refreshToken })).status).toBe(204);
      expect((await send('POST', '/api/v1/auth/password-reset', { email })).status).toBe(202);
      expect((await send('POST', `/api/v1/admin/users/${ada}/deactivate`, { reason: 'audit' }, { token: root.accessToken })).status).toBe(200);

      const store = new PostgresEventStore(database.db);
      const userStream = streamIdOf('identity', 'User', ada);
      // The reset request is handled after its 202 (the answer must not tell whether the account exists): allow a loaded machine.
      await waitUntil(async () => (await store.readStream(userStream)).some((event) => event.type === 'UserPasswordResetRequested'), {
        timeoutMs: 30_000,
        description: 'the password reset request in the user stream',
      });
      const sessions = await store.readStream(streamIdOf('identity', 'UserSessions', ada));
      const families = sessions.flatMap((event) => (event.type === 'UserSessionOpened' ? [(event.data as { familyId: string }).familyId] : []));
      expect(families).toHaveLength(2);
      const events: RecordedEvent[] = [
        ...(await store.readStream(streamIdOf('identity', 'EmailReservation', createHash('sha256').update(email).digest('hex')))),
        ...(await store.readStream(userStream)),
        ...sessions,
        ...(await Promise.all(families.map((familyId) => store.readStream(streamIdOf('identity', 'RefreshTokenFamily', familyId))))).flat(),
        ...(await store.readStream(streamIdOf('identity', 'ApiKey', key.body.id))),
      ];
      expect(new Set(events.map((event) => event.type))).toEqual(
        new Set([
          'EmailReserved',
          'UserRegistered',
          'UserEmailVerificationRequested',
          'UserProfileUpdated',
          'UserPasswordResetRequested',
          'UserDeactivated',
          'UserSessionOpened',
          'UserSessionsRevoked',
          'RefreshTokenFamilyStarted',
          'RefreshTokenRotated',
          'RefreshTokenFamilyRevoked',
          'ApiKeyCreated',
          'ApiKeyRevoked',
        ]),
      );

      for (const event of events) {
        const { metadata } = event;
        expect({
          type: event.type,
          clientIp: typeof metadata['clientIp'],
          userAgent: metadata['userAgent'],
          correlationId: typeof metadata.correlationId,
        }).toEqual({
          type: event.type,
          clientIp: 'string',
          userAgent: USER_AGENT,
          correlationId: 'string',
        });
        const expected = actorOf(event, ada, root.user.id);
        expect({ type: event.type, actorType: metadata['actorType'], actorId: metadata.actorId }).toEqual({ type: event.type, ...expected });
      }
      for (const event of events.filter((e) => e.type.startsWith('ApiKey'))) expect(event.metadata.organizationId).toBe(org.body.id);
    },
    SLOW,
  );
});

/** Who should have acted: nobody for an anonymous reset request, the super admin for the deactivation, else the user. */
function actorOf(event: RecordedEvent, userId: string, adminId: string): { actorType: string | undefined; actorId: string | undefined } {
  if (event.type === 'UserPasswordResetRequested') return { actorType: undefined, actorId: undefined };
  const reason = (event.data as { reason?: unknown }).reason;
  const byAdmin = event.type === 'UserDeactivated' || reason === 'user_deactivated';
  return { actorType: 'user', actorId: byAdmin ? adminId : userId };
}
