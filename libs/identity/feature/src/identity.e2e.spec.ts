import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@weft/eventstore';
import { streamIdOf } from '@weft/kernel';
import { type StartedPlatform, type TestDatabase, createTestDatabase, startPlatform } from '@weft/testing';

// The identity endpoints over HTTP against one started platform (PostgreSQL server).
// Every response body is kept, to prove at the end that no password or token hash leaked.

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

interface AuthBody {
  user: { id: string; name: string; email: string; role: string; emailVerified: boolean };
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

// Each KDF run costs a few hundred ms (scrypt, 128 MiB), and some tests do many.
const SLOW = 60_000;

let platform: StartedPlatform;
let database: TestDatabase;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-identity-e2e-'));
const bodies: string[] = [];
const passwords: string[] = [];
const refreshTokens: string[] = [];
let counter = 0;

async function call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${platform.baseUrl}${route}`, init);
  const text = await response.text();
  bodies.push(text);
  const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (typeof parsed['refreshToken'] === 'string') refreshTokens.push(parsed['refreshToken']);
  return { status: response.status, headers: response.headers, text, body: parsed };
}

const post = (route: string, body?: unknown, headers?: Record<string, string>) => call('POST', route, body, headers);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const auth = (answer: Answer) => answer.body as unknown as AuthBody;

/** A fresh user's credentials: unique email, a password the policy accepts. */
function newUser(name = 'Ada Lovelace') {
  counter += 1;
  const password = `violet-kestrel-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  passwords.push(password);
  return { name, email: `user${counter}.${Date.now()}@example.com`, password };
}

async function registered(): Promise<{ credentials: ReturnType<typeof newUser>; session: AuthBody }> {
  const credentials = newUser();
  const answer = await post('/api/v1/auth/register', credentials);
  expect(answer.status).toBe(201);
  return { credentials, session: auth(answer) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, LOG_LEVEL: 'debug' } });
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /api/v1/auth/register', () => {
  it(
    'creates the account, logs it in, and the very next GET /me sees it (read-your-writes)',
    async () => {
      const credentials = newUser('Grace Hopper');
      const answer = await post('/api/v1/auth/register', { ...credentials, email: `  ${credentials.email.toUpperCase()} ` });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const session = auth(answer);
      expect(session).toEqual({
        user: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Grace Hopper', email: credentials.email, role: 'user', emailVerified: false },
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^weft_rt_[\w-]{43}$/),
        expiresIn: 900,
      });
      const header = JSON.parse(Buffer.from(session.accessToken.split('.')[0]!, 'base64url').toString()) as { alg: string; kid: string };
      expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: expect.stringMatching(/^hs-[0-9a-f]{16}$/) });

      const me = await call('GET', '/api/v1/me', undefined, bearer(session.accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        id: session.user.id,
        name: 'Grace Hopper',
        email: credentials.email,
        role: 'user',
        emailVerified: false,
        currentOrganizationId: null,
        organizations: [],
      });
    },
    SLOW,
  );

  it(
    'answers 409 for an email already taken, whatever its case',
    async () => {
      const { credentials } = await registered();
      const again = await post('/api/v1/auth/register', { ...newUser(), email: credentials.email.toUpperCase() });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect(again.body).toMatchObject({ status: 409, code: 'user.email_taken', errors: [{ field: 'email', message: 'is already registered' }] });
    },
    SLOW,
  );

  it(
    'lets exactly one of several concurrent registrations of one email through',
    async () => {
      const email = newUser().email;
      const answers = await Promise.all([1, 2, 3, 4].map(() => post('/api/v1/auth/register', { ...newUser(), email })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
      const login = await post('/api/v1/auth/login', { email, password: passwords[passwords.length - 4 + answers.findIndex((a) => a.status === 201)] });
      expect(login.status).toBe(200);
    },
    SLOW,
  );

  it(
    'takes over a stale reservation whose registration never wrote its user, but not a recent one',
    async () => {
      const store = new PostgresEventStore(database.db);
      const orphan = async (email: string, minutesAgo: number) => {
        const streamId = streamIdOf('identity', 'EmailReservation', createHash('sha256').update(email).digest('hex'));
        const reservedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
        await store.append(
          streamId,
          [{ eventId: crypto.randomUUID(), type: 'EmailReserved', data: { userId: crypto.randomUUID(), reservedAt }, schemaVersion: 1, metadata: {} }],
          'no_stream',
        );
      };
      const stale = newUser();
      await orphan(stale.email, 60);
      expect((await post('/api/v1/auth/register', stale)).status).toBe(201);
      const recent = newUser();
      await orphan(recent.email, 1);
      expect((await post('/api/v1/auth/register', recent)).status).toBe(409);
    },
    SLOW,
  );

  it(
    'refuses a weak password with a 400 that says why, on the password field',
    async () => {
      const answer = await post('/api/v1/auth/register', { ...newUser(), password: 'Password123!' });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({
        status: 400,
        code: 'user.registration_invalid',
        errors: [{ field: 'password', message: expect.stringContaining('common password') }],
      });
      const short = await post('/api/v1/auth/register', { ...newUser(), password: 'kestrel' });
      expect(short.body['errors']).toEqual([{ field: 'password', message: 'Use at least 12 characters (this one has 7).' }]);
    },
    SLOW,
  );

  it(
    'refuses a malformed email, missing fields and unknown fields with field errors',
    async () => {
      const badEmail = await post('/api/v1/auth/register', { ...newUser(), email: 'ada@example' });
      expect(badEmail.status).toBe(400);
      expect(badEmail.body['errors']).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
      const missing = await post('/api/v1/auth/register', { email: 'x@example.com' });
      expect(missing.status).toBe(400);
      expect((missing.body['errors'] as { field: string }[]).map((error) => error.field)).toEqual(expect.arrayContaining(['name', 'password']));
      const unknown = await post('/api/v1/auth/register', { ...newUser(), role: 'super_admin' });
      expect(unknown.status).toBe(400);
      expect(unknown.body['errors']).toEqual([{ field: 'role', message: 'role should not exist' }]);
    },
    SLOW,
  );
});

describe('POST /api/v1/auth/login', () => {
  it(
    'answers 200 with the same shape, the email matched case-insensitively',
    async () => {
      const { credentials, session } = await registered();
      const answer = await post('/api/v1/auth/login', { email: credentials.email.toUpperCase(), password: credentials.password });
      expect(answer.status).toBe(200);
      expect(auth(answer).user).toEqual(session.user);
      expect(auth(answer).refreshToken).not.toBe(session.refreshToken);
      const me = await call('GET', '/api/v1/me', undefined, bearer(auth(answer).accessToken));
      expect(me.body['id']).toBe(session.user.id);
    },
    SLOW,
  );

  it(
    'gives an unknown email and a wrong password the same 401',
    async () => {
      const { credentials } = await registered();
      const timed = async (body: unknown) => {
        const started = performance.now();
        const answer = await post('/api/v1/auth/login', body);
        return { answer, ms: performance.now() - started };
      };
      const { answer: unknown, ms: unknownMs } = await timed({ email: `nobody.${Date.now()}@example.com`, password: credentials.password });
      const { answer: wrong, ms: wrongMs } = await timed({ email: credentials.email, password: `${credentials.password}x` });
      // Both ran the KDF (a dummy hash for the unknown email): without it, the unknown
      // email would answer in a few ms against the wrong password's hundreds.
      expect(unknownMs).toBeGreaterThan(wrongMs * 0.4);
      expect([unknown.status, wrong.status]).toEqual([401, 401]);
      const { requestId: _a, ...first } = unknown.body;
      const { requestId: _b, ...second } = wrong.body;
      expect(first).toEqual(second);
      expect(first).toMatchObject({ code: 'auth.invalid_credentials', detail: 'The email or password is incorrect.' });
    },
    SLOW,
  );

  it(
    'answers 429 with Retry-After after repeated failures, even to the right password',
    async () => {
      const { credentials } = await registered();
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await post('/api/v1/auth/login', { email: credentials.email, password: 'not-the-password-at-all' })).status).toBe(401);
      }
      const limited = await post('/api/v1/auth/login', { email: credentials.email, password: credentials.password });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ status: 429, code: 'auth.too_many_attempts' });
    },
    SLOW,
  );
});

describe('POST /api/v1/auth/refresh', () => {
  it(
    'rotates the pair; reusing a spent token revokes the whole family',
    async () => {
      const { session } = await registered();
      const first = await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
      expect(first.status).toBe(200);
      const rotated = auth(first);
      expect(rotated.refreshToken).not.toBe(session.refreshToken);
      expect(rotated.user.id).toBe(session.user.id);
      expect((await call('GET', '/api/v1/me', undefined, bearer(rotated.accessToken))).status).toBe(200);

      const second = await post('/api/v1/auth/refresh', { refreshToken: rotated.refreshToken });
      expect(second.status).toBe(200);
      const reuse = await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body['code']).toBe('auth.refresh_token_reused');
      const afterRevocation = await post('/api/v1/auth/refresh', { refreshToken: auth(second).refreshToken });
      expect(afterRevocation.status).toBe(401);
      expect(afterRevocation.body['code']).toBe('auth.refresh_token_revoked');
    },
    SLOW,
  );

  it(
    'lets exactly one of two concurrent refreshes with one token win',
    async () => {
      const { session } = await registered();
      const answers = await Promise.all([1, 2].map(() => post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      const winner = auth(answers.find((answer) => answer.status === 200)!);
      expect(answers.find((answer) => answer.status === 401)!.body['code']).toBe('auth.refresh_token_reused');
      // The loser presented a spent token: a reuse, so (no grace period) the session ends for both.
      expect((await post('/api/v1/auth/refresh', { refreshToken: winner.refreshToken })).status).toBe(401);
      expect((await call('GET', '/api/v1/me', undefined, bearer(winner.accessToken))).status).toBe(200);
    },
    SLOW,
  );

  it(
    'refuses junk, forged tokens of a real family and malformed bodies',
    async () => {
      const { session } = await registered();
      expect((await post('/api/v1/auth/refresh', { refreshToken: 'weft_rt_nope' })).status).toBe(401);
      const forged = `${session.refreshToken.slice(0, -8)}AAAAAAAA`;
      expect((await post('/api/v1/auth/refresh', { refreshToken: forged })).status).toBe(401);
      expect((await post('/api/v1/auth/refresh', { refreshToken: 42 })).status).toBe(400);
      // The forged attempt did not revoke the real session.
      expect((await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
    },
    SLOW,
  );
});

describe('POST /api/v1/auth/logout and GET /api/v1/me', () => {
  it(
    'revokes the family of the presented refresh token',
    async () => {
      const { session } = await registered();
      const rotated = auth(await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken }));
      const forged = `${rotated.refreshToken.slice(0, -8)}AAAAAAAA`;
      expect((await post('/api/v1/auth/logout', { refreshToken: forged })).status).toBe(401);
      const logout = await post('/api/v1/auth/logout', { refreshToken: rotated.refreshToken });
      expect(logout.status).toBe(204);
      expect(logout.text).toBe('');
      expect((await post('/api/v1/auth/refresh', { refreshToken: rotated.refreshToken })).status).toBe(401);
      expect((await post('/api/v1/auth/logout', { refreshToken: rotated.refreshToken })).status).toBe(204);
    },
    SLOW,
  );

  it(
    'revokes the session of the bearer access token when no refresh token is sent',
    async () => {
      const { session } = await registered();
      expect((await post('/api/v1/auth/logout', undefined, bearer(session.accessToken))).status).toBe(204);
      expect((await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      expect((await post('/api/v1/auth/logout')).status).toBe(401);
    },
    SLOW,
  );

  it(
    'refuses GET /me without a valid bearer token',
    async () => {
      const { session } = await registered();
      const [, payload] = session.accessToken.split('.');
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const tampered = `${session.accessToken.slice(0, -4)}AAAA`;
      for (const headers of [{}, bearer('garbage'), bearer(unsigned), bearer(tampered)]) {
        const answer = await call('GET', '/api/v1/me', undefined, headers);
        expect(answer.status).toBe(401);
        expect(answer.body['code']).toBe('auth.unauthenticated');
      }
    },
    SLOW,
  );
});

describe('secrets', () => {
  it(
    'never shows a password, a password hash or a refresh-token hash in a response or the log',
    () => {
      const everything = [...bodies, platform.output()].join('\n');
      expect(bodies.length).toBeGreaterThan(30);
      expect(passwords.length).toBeGreaterThan(10);
      for (const password of passwords) expect(everything).not.toContain(password);
      for (const token of refreshTokens) expect(everything).not.toContain(createHash('sha256').update(token).digest('hex'));
      for (const token of refreshTokens) expect(platform.output()).not.toContain(token);
      expect(everything).not.toContain('$scrypt$');
      expect(everything.toLowerCase()).not.toContain('passwordhash');
    },
    SLOW,
  );
});
