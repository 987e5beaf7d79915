import { randomUUID } from 'node:crypto';
import { type ExistingUser, refreshTokenFamilyDecider, userDecider } from '@weft/identity-domain';
import { UserError, loadState } from '@weft/kernel';
import { MemoryEventStreamStore } from '@weft/testing';
import { issueAccountToken } from '../account-tokens/account-token-codec.js';
import { loadIdentityConfig } from '../config/identity-config.js';
import { AccessTokens, JwtKeyRing, LoginThrottle, PasswordHasher } from '../security/index.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { refreshFamilyStreamId, userStreamId } from '../streams/identity-streams.js';
import { UserAccounts } from '../streams/user-accounts.js';
import { ConfirmPasswordResetCommand } from './confirm-password-reset.command.js';
import { ConfirmPasswordResetHandler } from './confirm-password-reset.handler.js';

// The handler against an in-memory store: what the e2e spec cannot reach cheaply
// (a token past its expiry), and that every session of the user ends.

const config = loadIdentityConfig({ JWT_SECRET: 's'.repeat(32) });
const hasher = new PasswordHasher({ params: { ln: 4, r: 8, p: 1 } });
const newPassword = 'violet-kestrel-lantern-42';

async function setUp(resetExpiresInMs: number) {
  const store = new MemoryEventStreamStore();
  const userId = randomUUID();
  const issuedAt = new Date(Date.now() - 2 * 60 * 60 * 1000);
  const reset = issueAccountToken('passwordReset', userId, issuedAt, 60);
  const expiresAt = new Date(Date.now() + resetExpiresInMs).toISOString();
  const passwordHash = await hasher.hash('the-old-password-was-long');
  const meta = { eventId: '', schemaVersion: 1, metadata: {} };
  await store.append(
    userStreamId(userId),
    [
      {
        ...meta,
        eventId: randomUUID(),
        type: 'UserRegistered',
        data: { userId, name: 'Ada', email: 'ada@example.com', platformRole: 'user', emailVerified: false, passwordHash, registeredAt: issuedAt.toISOString() },
      },
      {
        ...meta,
        eventId: randomUUID(),
        type: 'UserPasswordResetRequested',
        data: { userId, tokenHash: reset.issued.tokenHash, expiresAt, requestedAt: issuedAt.toISOString() },
      },
    ],
    'no_stream',
  );
  const keyRing = new JwtKeyRing(config.jwtKeys, config.currentKid);
  const sessions = new AuthSessions(store, config, new AccessTokens({ keyRing, issuer: config.issuer, audience: config.audience }));
  const accounts = new UserAccounts(store);
  const user = (await accounts.load(userId)) as ExistingUser;
  const loginThrottle = new LoginThrottle();
  const handler = new ConfirmPasswordResetHandler(store, accounts, hasher, sessions, loginThrottle);
  const confirm = (token = reset.token, password = newPassword) =>
    handler.execute(new ConfirmPasswordResetCommand({ token, password }, { correlationId: 'req-1' }));
  return { store, userId, user, sessions, loginThrottle, confirm };
}

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error instanceof UserError ? error.code : error;
};

describe('confirming a password reset', () => {
  it('refuses a token past its expiry, and keeps the old password', async () => {
    const { store, userId, user, confirm } = await setUp(-1);
    expect(await codeOf(confirm())).toBe('user.reset_token_expired');
    const after = await loadState(store, userStreamId(userId), userDecider);
    expect(after.status !== 'unregistered' && after.passwordHash).toBe(user.passwordHash);
  });

  it('replaces the password and revokes every session of the user, then refuses the token again', async () => {
    const { store, userId, user, sessions, confirm } = await setUp(60_000);
    const first = await sessions.start(user, { correlationId: 'login-1' });
    const second = await sessions.start(user, { correlationId: 'login-2' });
    await confirm();
    const after = await loadState(store, userStreamId(userId), userDecider);
    expect(after.status !== 'unregistered' && (await hasher.verify(newPassword, after.passwordHash))).toBe(true);
    for (const session of [first, second]) {
      const family = await loadState(store, refreshFamilyStreamId(session.familyId), refreshTokenFamilyDecider);
      expect(family.status).toBe('revoked');
    }
    expect(await codeOf(confirm())).toBe('user.reset_token_invalid');
  });

  it('clears the login throttle’s count for the address, so the new password works at once', async () => {
    const { loginThrottle, confirm } = await setUp(60_000);
    for (let i = 0; i < 5; i++) await loginThrottle.recordFailure('ada@example.com', '10.0.0.1');
    expect(await loginThrottle.check('ada@example.com', '10.0.0.2')).toMatchObject({ allowed: false, limitedBy: 'email' });
    await confirm();
    expect(await loginThrottle.check('ada@example.com', '10.0.0.2')).toEqual({ allowed: true });
  });

  it('refuses junk, a token naming nobody, and a weak password with field errors', async () => {
    const { confirm } = await setUp(60_000);
    expect(await codeOf(confirm('weft_pr_junk'))).toBe('user.reset_token_invalid');
    expect(await codeOf(confirm(issueAccountToken('passwordReset', randomUUID(), new Date(), 60).token))).toBe('user.reset_token_invalid');
    const weak = await confirm(undefined, 'password').catch((error: unknown) => error);
    expect(weak).toMatchObject({
      kind: 'validation',
      code: 'user.password_invalid',
      details: { errors: [{ field: 'password', message: expect.any(String) }] },
    });
  });
});
