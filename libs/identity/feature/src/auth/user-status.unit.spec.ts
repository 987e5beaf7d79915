import { roleOfTokenUser } from './user-status.js';

const reactivatedAt = new Date('2026-11-29T10:00:00.700Z');
const second = Math.floor(reactivatedAt.getTime() / 1000);

describe('the user behind a verified access token', () => {
  it('acts with the current role of an active user, not the role the token claims', () => {
    expect(roleOfTokenUser({ role: 'user', iat: second }, { role: 'user', isActive: true, reactivatedAt: null })).toBe('user');
    expect(roleOfTokenUser({ role: 'super_admin', iat: second }, { role: 'user', isActive: true, reactivatedAt: null })).toBe('user');
  });

  it('refuses a deactivated user, whatever the token says', () => {
    expect(roleOfTokenUser({ role: 'super_admin', iat: second }, { role: 'super_admin', isActive: false, reactivatedAt: null })).toBeNull();
  });

  it('refuses a token issued before the last reactivation, and accepts one issued after it', () => {
    const current = { role: 'user', isActive: true, reactivatedAt } as const;
    expect(roleOfTokenUser({ role: 'user', iat: second - 1 }, current)).toBeNull();
    expect(roleOfTokenUser({ role: 'user', iat: second - 600 }, current)).toBeNull();
    // A login right after the reactivation gets a token of the same second: accepted.
    expect(roleOfTokenUser({ role: 'user', iat: second }, current)).toBe('user');
    expect(roleOfTokenUser({ role: 'user', iat: second + 1 }, current)).toBe('user');
  });

  it("takes the token's word for a user the read model does not know yet", () => {
    expect(roleOfTokenUser({ role: 'admin', iat: second }, undefined)).toBe('admin');
  });
});
