import { hashOpaqueToken } from '../security/index.js';
import { issueAccountToken, userIdOfAccountToken } from './account-token-codec.js';

const userId = '7f0c3a52-6f3e-4d1b-9b8a-3c1d2e4f5a60';
const now = new Date('2026-11-29T10:00:00.000Z');

describe('account tokens', () => {
  it('name their user, carry 32 random bytes, and are stored by the sha256 of the whole token', () => {
    const { token, issued } = issueAccountToken('passwordReset', userId, now, 3600);
    expect(token).toMatch(new RegExp(`^weft_pr_${userId}\\.[A-Za-z0-9_-]{43}$`));
    expect(issued).toEqual({ tokenHash: hashOpaqueToken(token), expiresAt: new Date('2026-11-29T11:00:00.000Z') });
    expect(userIdOfAccountToken('passwordReset', token)).toBe(userId);
  });

  it('differ each time, and use the injected randomness', () => {
    expect(issueAccountToken('emailVerification', userId, now, 60).token).not.toBe(issueAccountToken('emailVerification', userId, now, 60).token);
    const zeros = (size: number) => Buffer.alloc(size);
    expect(issueAccountToken('emailVerification', userId, now, 60, zeros).token).toBe(`weft_ev_${userId}.${'A'.repeat(43)}`);
  });

  it('are not interchangeable between kinds', () => {
    const { token } = issueAccountToken('emailVerification', userId, now, 60);
    expect(userIdOfAccountToken('emailVerification', token)).toBe(userId);
    expect(userIdOfAccountToken('passwordReset', token)).toBeUndefined();
  });

  it('refuse junk', () => {
    for (const junk of [
      '',
      'weft_pr_',
      `weft_pr_${userId}`,
      `weft_pr_${userId}.short`,
      `weft_pr_not-a-uuid.${'A'.repeat(43)}`,
      `weft_pr_${userId}.${'A'.repeat(43)}.x`,
      `weft_pr_${userId.toUpperCase()}.${'A'.repeat(43)}`,
    ]) {
      expect(userIdOfAccountToken('passwordReset', junk)).toBeUndefined();
    }
  });

  it('refuse a user id that is not a uuid when issuing', () => {
    expect(() => issueAccountToken('passwordReset', 'user-1', now, 60)).toThrow('UUID');
  });
});
