import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findUserById } from '@weft/read-model-users';
import { type StartedPlatform, type TestDatabase, createTestDatabase, startPlatform, waitUntil } from '@weft/testing';

// Email verification, password reset and the super-admin bootstrap over HTTP against one
// started platform. Mail goes to the log there: tokens are read from `platform.output()`.
// Token expiry is covered by confirm-password-reset.handler.unit.spec.ts (no waiting here).

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
}

interface LoggedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

const SLOW = 60_000;
const superAdminEmail = `root.${Date.now()}@example.com`;

let platform: StartedPlatform;
let database: TestDatabase;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-account-recovery-e2e-'));
const bodies: string[] = [];
const passwords: string[] = [];
const mailedTokens = new Set<string>();
let counter = 0;

async function call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${platform.baseUrl}${route}`, init);
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, headers: response.headers, text, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const post = (route: string, body?: unknown, headers?: Record<string, string>) => call('POST', route, body, headers);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const auth = (answer: Answer) => answer.body as unknown as AuthBody;

function newUser(email?: string) {
  counter += 1;
  const password = `amber-heron-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  passwords.push(password);
  return { name: 'Ada Lovelace', email: email ?? `recover${counter}.${Date.now()}@example.com`, password };
}

async function registered(email?: string) {
  const credentials = newUser(email);
  const answer = await post('/api/v1/auth/register', credentials);
  expect(answer.status).toBe(201);
  return { credentials, session: auth(answer) };
}

/** Every mail the log mail sender wrote (JSON log lines of context `mail`) to `to`. */
function mailsTo(to: string): LoggedMail[] {
  const mails: LoggedMail[] = [];
  for (const line of platform.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { context?: string; message?: string };
    const match = entry.context === 'mail' ? /^mail to ([^:]+): ([^\n]*)\n([\s\S]*)$/.exec(entry.message ?? '') : null;
    if (match?.[1] === to) mails.push({ to, subject: match[2]!, text: match[3]! });
  }
  return mails;
}

/** Waits for the `count`-th mail to `to` whose subject contains `subject`, and returns its token. */
async function mailedToken(to: string, subject: string, count = 1): Promise<string> {
  const mail = await waitUntil(() => mailsTo(to).filter((m) => m.subject.includes(subject))[count - 1], {
    description: `mail #${count} "${subject}" to ${to}`,
  });
  const token = /^token: (\S+)$/m.exec(mail.text)?.[1];
  if (token === undefined) throw new Error(`no token in the mail:\n${mail.text}`);
  mailedTokens.add(token);
  return token;
}

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, WEFT_SUPER_ADMIN_EMAIL: ` ${superAdminEmail.toUpperCase()} ` } });
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /api/v1/auth/verify-email', () => {
  it(
    'verifies the address with the token mailed at registration, at once in the read model, and only once',
    async () => {
      const { credentials, session } = await registered();
      expect(session.user.emailVerified).toBe(false);
      const token = await mailedToken(credentials.email, 'Verify');
      expect(token).toMatch(new RegExp(`^weft_ev_${session.user.id}\\.[\\w-]{43}$`));

      const verified = await post('/api/v1/auth/verify-email', { token });
      expect(verified.status).toBe(204);
      expect(verified.text).toBe('');
      expect((await findUserById(database.db, session.user.id))?.emailVerified).toBe(true);
      expect(auth(await post('/api/v1/auth/login', { email: credentials.email, password: credentials.password })).user.emailVerified).toBe(true);

      const again = await post('/api/v1/auth/verify-email', { token });
      expect(again.status).toBe(400);
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect(again.body).toMatchObject({ status: 400, code: 'user.verification_token_invalid', detail: 'This link is not valid (or was already used).' });
    },
    SLOW,
  );

  it(
    'refuses garbage, a well-formed token of nobody, a reset token and malformed bodies with 400',
    async () => {
      const { credentials } = await registered();
      const resetShaped = (await mailedToken(credentials.email, 'Verify')).replace('weft_ev_', 'weft_pr_');
      for (const token of ['garbage', `weft_ev_${randomUUID()}.${'A'.repeat(43)}`, resetShaped]) {
        const answer = await post('/api/v1/auth/verify-email', { token });
        expect(answer.status).toBe(400);
        expect(answer.body['code']).toBe('user.verification_token_invalid');
      }
      expect((await post('/api/v1/auth/verify-email', {})).status).toBe(400);
      const unknown = await post('/api/v1/auth/verify-email', { token: 'x', userId: 'u' });
      expect(unknown.status).toBe(400);
      expect(unknown.body['errors']).toEqual([{ field: 'userId', message: 'userId should not exist' }]);
    },
    SLOW,
  );

  it(
    'mails a new token on resend (voiding the old one), and nothing once verified',
    async () => {
      const { credentials, session } = await registered();
      const first = await mailedToken(credentials.email, 'Verify');
      expect((await post('/api/v1/auth/verify-email/resend')).status).toBe(401);
      expect((await post('/api/v1/auth/verify-email/resend', undefined, bearer(session.accessToken))).status).toBe(202);
      const second = await mailedToken(credentials.email, 'Verify', 2);
      expect(second).not.toBe(first);
      expect((await post('/api/v1/auth/verify-email', { token: first })).status).toBe(400);
      expect((await post('/api/v1/auth/verify-email', { token: second })).status).toBe(204);
      expect((await post('/api/v1/auth/verify-email/resend', undefined, bearer(session.accessToken))).status).toBe(202);
      // The login after the resend shows the request was handled; still just the two mails.
      expect((await post('/api/v1/auth/login', { email: credentials.email, password: credentials.password })).status).toBe(200);
      expect(mailsTo(credentials.email)).toHaveLength(2);
    },
    SLOW,
  );
});

describe('password reset', () => {
  it(
    'replaces the password with the mailed token, ends every session, and spends the token',
    async () => {
      const { credentials, session } = await registered();
      const other = auth(await post('/api/v1/auth/login', { email: credentials.email, password: credentials.password }));
      const requested = await post('/api/v1/auth/password-reset', { email: credentials.email.toUpperCase() });
      expect(requested.status).toBe(202);
      expect(requested.text).toBe('');
      const token = await mailedToken(credentials.email, 'Reset');
      expect(token).toMatch(new RegExp(`^weft_pr_${session.user.id}\\.[\\w-]{43}$`));

      const password = `${credentials.password}-renewed`;
      passwords.push(password);
      const confirmed = await post('/api/v1/auth/password-reset/confirm', { token, password });
      expect(confirmed.status).toBe(204);
      expect((await post('/api/v1/auth/login', { email: credentials.email, password: credentials.password })).status).toBe(401);
      expect((await post('/api/v1/auth/login', { email: credentials.email, password })).status).toBe(200);
      for (const refreshToken of [session.refreshToken, other.refreshToken]) {
        const refreshed = await post('/api/v1/auth/refresh', { refreshToken });
        expect(refreshed.status).toBe(401);
        expect(refreshed.body['code']).toBe('auth.refresh_token_revoked');
      }

      const reuse = await post('/api/v1/auth/password-reset/confirm', { token, password: `${password}-again` });
      expect(reuse.status).toBe(400);
      expect(reuse.body).toMatchObject({ code: 'user.reset_token_invalid' });
      expect((await post('/api/v1/auth/login', { email: credentials.email, password })).status).toBe(200);
    },
    SLOW,
  );

  it(
    'refuses a weak password with field errors, without spending the token',
    async () => {
      const { credentials } = await registered();
      expect((await post('/api/v1/auth/password-reset', { email: credentials.email })).status).toBe(202);
      const token = await mailedToken(credentials.email, 'Reset');
      const weak = await post('/api/v1/auth/password-reset/confirm', { token, password: 'Password123!' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'user.password_invalid', errors: [{ field: 'password', message: expect.stringContaining('common password') }] });
      expect((await post('/api/v1/auth/password-reset/confirm', { token, password: credentials.email })).body['errors']).toEqual(
        expect.arrayContaining([{ field: 'password', message: expect.stringContaining('email') }]),
      );
      const strong = `${credentials.password}-stronger`;
      passwords.push(strong);
      expect((await post('/api/v1/auth/password-reset/confirm', { token, password: strong })).status).toBe(204);
      expect((await post('/api/v1/auth/password-reset/confirm', { token: 'weft_pr_garbage', password: strong })).status).toBe(400);
    },
    SLOW,
  );

  it(
    'answers an unknown email the same 202, and mails nobody',
    async () => {
      const unknown = `nobody.${Date.now()}@example.com`;
      const { credentials } = await registered();
      const answers = [await post('/api/v1/auth/password-reset', { email: unknown }), await post('/api/v1/auth/password-reset', { email: credentials.email })];
      expect(answers.map((answer) => [answer.status, answer.text])).toEqual([
        [202, ''],
        [202, ''],
      ]);
      // The known address's mail was written after the unknown one was handled (one process, in order).
      await mailedToken(credentials.email, 'Reset');
      expect(mailsTo(unknown)).toEqual([]);
      expect(platform.output()).not.toContain(unknown);
      const malformed = await post('/api/v1/auth/password-reset', { email: 'not-an-email' });
      expect(malformed.status).toBe(400);
      expect(malformed.body['errors']).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
    },
    SLOW,
  );

  it(
    'answers 429 with Retry-After after three requests for one address, known or not',
    async () => {
      const email = `flood.${Date.now()}@example.com`;
      for (let attempt = 1; attempt <= 3; attempt++) expect((await post('/api/v1/auth/password-reset', { email })).status).toBe(202);
      const limited = await post('/api/v1/auth/password-reset', { email: email.toUpperCase() });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ status: 429, code: 'auth.too_many_mail_requests' });
    },
    SLOW,
  );
});

describe('the super-admin bootstrap (WEFT_SUPER_ADMIN_EMAIL)', () => {
  it(
    'registers that address, in any case, as super_admin, and nobody else',
    async () => {
      const { session } = await registered(superAdminEmail.replace('root', 'ROOT'));
      expect(session.user.role).toBe('super_admin');
      const me = await call('GET', '/api/v1/me', undefined, bearer(session.accessToken));
      expect(me.status).toBe(200);
      expect(me.body['role']).toBe('super_admin');
      const plain = await registered();
      expect(plain.session.user.role).toBe('user');
      expect((await call('GET', '/api/v1/me', undefined, bearer(plain.session.accessToken))).body['role']).toBe('user');
    },
    SLOW,
  );
});

describe('secrets', () => {
  it(
    'puts mailed tokens only into their mails, and never a password or a token hash anywhere',
    () => {
      const output = platform.output();
      const everything = [...bodies, output].join('\n');
      expect(mailedTokens.size).toBeGreaterThanOrEqual(6);
      for (const token of mailedTokens) {
        expect(everything).not.toContain(createHash('sha256').update(token).digest('hex'));
        expect(bodies.join('\n')).not.toContain(token);
        const lines = output.split('\n').filter((line) => line.includes(token));
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect((JSON.parse(line) as { context: string }).context).toBe('mail');
      }
      for (const password of passwords) expect(everything).not.toContain(password);
      expect(everything).not.toContain('$scrypt$');
      expect(everything.toLowerCase()).not.toContain('passwordhash');
      expect(everything.toLowerCase()).not.toContain('tokenhash');
    },
    SLOW,
  );
});
