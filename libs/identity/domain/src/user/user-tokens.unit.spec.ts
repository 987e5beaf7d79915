import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { userDecider } from './user-decider.js';
import { type UserCommand } from './user-commands.js';
import { hashA, hashB, inOneHour, meta, now, otherTokenHash, registered, resetRequested, tokenHash, userId, verificationRequested } from './user-fixtures.js';
import { type UserEvent } from './user-events.js';

const spec = DeciderSpecification.for(userDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const verify = (hash: string, at: Date = now): UserCommand => ({ type: 'VerifyEmail', data: { tokenHash: hash }, metadata: meta(undefined, at) });
const reset = (hash: string, at: Date = now): UserCommand => ({
  type: 'ResetPassword',
  data: { tokenHash: hash, passwordHash: hashB },
  metadata: meta(undefined, at),
});
const verified: UserEvent = { type: 'UserEmailVerified', data: { userId, email: 'ada@example.com', verifiedAt: now.toISOString() } };

describe('User: email verification', () => {
  it('verifies the email with the matching token before it expires', () => {
    spec.given([registered, verificationRequested]).when(verify(tokenHash)).then([verified]);
  });

  it('refuses a token that does not match', () => {
    spec.given([registered, verificationRequested]).when(verify(otherTokenHash)).thenThrows(withCode('user.verification_token_invalid'));
  });

  it('refuses a token at or after its expiry', () => {
    spec.given([registered, verificationRequested]).when(verify(tokenHash, inOneHour)).thenThrows(withCode('user.verification_token_expired'));
  });

  it('accepts a token only once', () => {
    spec.given([registered, verificationRequested, verified]).when(verify(tokenHash)).thenThrows(withCode('user.verification_token_invalid'));
  });

  it('accepts only the latest token issued', () => {
    const reissued: UserEvent = { ...verificationRequested, data: { ...verificationRequested.data, tokenHash: otherTokenHash } } as UserEvent;
    spec.given([registered, verificationRequested, reissued]).when(verify(tokenHash)).thenThrows(withCode('user.verification_token_invalid'));
    spec.given([registered, verificationRequested, reissued]).when(verify(otherTokenHash)).then([verified]);
  });

  it('issues no new link once the email is verified', () => {
    spec
      .given([registered, verificationRequested, verified])
      .when({ type: 'RequestEmailVerification', data: { tokenHash, expiresAt: inOneHour }, metadata: meta() })
      .then([]);
  });
});

describe('User: password reset', () => {
  const changedByReset: UserEvent = { type: 'UserPasswordChanged', data: { userId, reason: 'reset', passwordHash: hashB, changedAt: now.toISOString() } };

  it('issues a reset link', () => {
    spec
      .given([registered])
      .when({ type: 'RequestPasswordReset', data: { tokenHash, expiresAt: inOneHour }, metadata: meta() })
      .then([resetRequested]);
  });

  it('sets the new password hash with the matching, unexpired token', () => {
    spec.given([registered, resetRequested]).when(reset(tokenHash)).then([changedByReset]);
  });

  it('refuses a wrong, expired or spent token', () => {
    spec.given([registered, resetRequested]).when(reset(otherTokenHash)).thenThrows(withCode('user.reset_token_invalid'));
    spec.given([registered, resetRequested]).when(reset(tokenHash, inOneHour)).thenThrows(withCode('user.reset_token_expired'));
    spec.given([registered, resetRequested, changedByReset]).when(reset(tokenHash)).thenThrows(withCode('user.reset_token_invalid'));
  });

  it('spends an outstanding reset link when the password changes otherwise', () => {
    const changed: UserEvent = { type: 'UserPasswordChanged', data: { userId, reason: 'change', passwordHash: hashA + 'x', changedAt: now.toISOString() } };
    spec.given([registered, resetRequested, changed]).when(reset(tokenHash)).thenThrows(withCode('user.reset_token_invalid'));
  });

  it('refuses a reset request for a deactivated account', () => {
    const deactivated: UserEvent = { type: 'UserDeactivated', data: { userId, reason: null, deactivatedBy: userId, deactivatedAt: now.toISOString() } };
    spec
      .given([registered, deactivated])
      .when({ type: 'RequestPasswordReset', data: { tokenHash, expiresAt: inOneHour }, metadata: meta() })
      .thenThrows(withCode('user.deactivated'));
  });

  it('never puts a plaintext-looking password into a stream on reset', () => {
    const command: UserCommand = { type: 'ResetPassword', data: { tokenHash, passwordHash: 'hunter2hunter2' }, metadata: meta() };
    spec.given([registered, resetRequested]).when(command).thenThrows(withCode('user.password_hash_malformed'));
  });
});

describe('User: email verification from its events', () => {
  it('is unverified when registered and verified once the email is', () => {
    expect(foldEvents(userDecider, [registered])).toMatchObject({ emailVerified: false });
    expect(foldEvents(userDecider, [registered, verificationRequested, verified])).toMatchObject({ emailVerified: true, pendingEmailVerification: null });
  });
});
