import { DeciderSpecification, UserError } from '@weft/kernel';
import { type RefreshTokenFamilyCommand, type RefreshTokenFamilyEvent, refreshTokenFamilyDecider } from './refresh-token-family.js';

const spec = DeciderSpecification.for(refreshTokenFamilyDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const t0 = new Date('2026-11-29T10:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const [first, second, third] = ['1', '2', '3'].map((c) => c.repeat(64)) as [string, string, string];
const meta = (now: Date) => ({ commandId: 'cmd', now });

const started: RefreshTokenFamilyEvent = {
  type: 'RefreshTokenFamilyStarted',
  data: {
    familyId: 'fam-1',
    userId: 'user-1',
    tokenHash: first,
    expiresAt: minutes(60).toISOString(),
    familyExpiresAt: minutes(600).toISOString(),
    startedAt: t0.toISOString(),
  },
};
const rotatedOnce: RefreshTokenFamilyEvent = {
  type: 'RefreshTokenRotated',
  data: { familyId: 'fam-1', previousTokenHash: first, tokenHash: second, expiresAt: minutes(70).toISOString(), rotatedAt: minutes(10).toISOString() },
};
const rotate = (presented: string, now: Date, next = third, expiresAt = minutes(120)): RefreshTokenFamilyCommand => ({
  type: 'RotateRefreshToken',
  data: { presentedTokenHash: presented, newTokenHash: next, expiresAt },
  metadata: meta(now),
});
const revoked = (reason: 'logout' | 'reuse_detected', at: Date): RefreshTokenFamilyEvent => ({
  type: 'RefreshTokenFamilyRevoked',
  data: { familyId: 'fam-1', userId: 'user-1', reason, revokedAt: at.toISOString() },
});

describe('refresh-token families', () => {
  it('starts a family at login, capping the token expiry at the family’s', () => {
    const start: RefreshTokenFamilyCommand = {
      type: 'StartRefreshTokenFamily',
      data: { familyId: 'fam-1', userId: 'user-1', tokenHash: first, expiresAt: minutes(60), familyExpiresAt: minutes(600) },
      metadata: meta(t0),
    };
    spec.given([]).when(start).then([started]);
    const capped = { ...start, data: { ...start.data, expiresAt: minutes(9999) } } as RefreshTokenFamilyCommand;
    expect(spec.given([]).when(capped).events()[0]?.data).toMatchObject({ expiresAt: minutes(600).toISOString() });
  });

  it('rotates on every use: the presented token is spent, a new one issued', () => {
    spec
      .given([started])
      .when(rotate(first, minutes(10), second, minutes(70)))
      .then([rotatedOnce]);
    spec
      .given([started, rotatedOnce])
      .when(rotate(second, minutes(20)))
      .then([
        {
          type: 'RefreshTokenRotated',
          data: { familyId: 'fam-1', previousTokenHash: second, tokenHash: third, expiresAt: minutes(120).toISOString(), rotatedAt: minutes(20).toISOString() },
        },
      ]);
  });

  it('revokes the whole family when a spent token comes back', () => {
    spec
      .given([started, rotatedOnce])
      .when(rotate(first, minutes(20)))
      .then([revoked('reuse_detected', minutes(20))]);
    spec
      .given([started, rotatedOnce, revoked('reuse_detected', minutes(20))])
      .when(rotate(second, minutes(21)))
      .thenThrows(withCode('auth.refresh_token_revoked'));
  });

  it('refuses unknown and expired tokens', () => {
    spec
      .given([started])
      .when(rotate('9'.repeat(64), minutes(1)))
      .thenThrows(withCode('auth.refresh_token_invalid'));
    spec
      .given([started])
      .when(rotate(first, minutes(60)))
      .thenThrows(withCode('auth.refresh_token_expired'));
    spec
      .given([])
      .when(rotate(first, minutes(1)))
      .thenThrows(withCode('auth.refresh_token_invalid'));
  });

  it('never extends a session beyond the family’s expiry', () => {
    const [event] = spec
      .given([started])
      .when(rotate(first, minutes(10), second, minutes(9999)))
      .events();
    expect(event?.data).toMatchObject({ expiresAt: minutes(600).toISOString() });
  });

  it('revokes on logout, idempotently', () => {
    const logout: RefreshTokenFamilyCommand = { type: 'RevokeRefreshTokenFamily', data: { reason: 'logout' }, metadata: meta(minutes(5)) };
    spec
      .given([started])
      .when(logout)
      .then([revoked('logout', minutes(5))]);
    spec
      .given([started, revoked('logout', minutes(5))])
      .when(logout)
      .then([]);
  });

  it('refuses a raw token where its hash belongs', () => {
    spec
      .given([started])
      .when(rotate(first, minutes(10), 'weft_rt_raw'))
      .thenThrows(withCode('identity.hash_malformed'));
  });
});
