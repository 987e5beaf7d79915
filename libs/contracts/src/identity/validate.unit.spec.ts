import { identityEventSchemaVersions, isPublicIdentityEventType, validateIdentityEvent } from './validate.js';
import { problemsOf } from '../shape.js';

describe('identity contracts', () => {
  const registered = {
    userId: 'u',
    name: 'Ada',
    email: 'ada@example.com',
    platformRole: 'user',
    emailVerified: false,
    registeredAt: '2026-11-29T10:00:00.000Z',
  };

  it('accepts a well-formed event', () => {
    expect(validateIdentityEvent({ type: 'UserRegistered', data: registered })).toEqual([]);
    expect(validateIdentityEvent({ type: 'UserCurrentOrganizationChanged', data: { userId: 'u', organizationId: null, changedAt: 'x' } })).toEqual([]);
  });

  it('refuses secrets: any field outside the contract is a problem', () => {
    expect(validateIdentityEvent({ type: 'UserRegistered', data: { ...registered, passwordHash: '$scrypt$...' } })).toEqual([
      'passwordHash is not part of the contract',
    ]);
    expect(
      validateIdentityEvent({ type: 'ApiKeyRevoked', data: { apiKeyId: 'k', organizationId: 'o', revokedBy: 'u', revokedAt: 'x', key: 'weft_ak_...' } }),
    ).toEqual(['key is not part of the contract']);
  });

  it('names missing and mistyped fields, and unknown event types', () => {
    const { emailVerified: _dropped, ...missing } = registered;
    expect(validateIdentityEvent({ type: 'UserRegistered', data: { ...missing, name: 42 } })).toEqual(['name must be string', 'emailVerified must be boolean']);
    expect(validateIdentityEvent({ type: 'UserEmailVerificationRequested', data: {} })).toEqual([
      'UserEmailVerificationRequested is not a public identity event',
    ]);
    expect(validateIdentityEvent({ type: 'UserRegistered', data: null })).toEqual(['data must be an object']);
  });

  it('versions every public event type', () => {
    for (const type of Object.keys(identityEventSchemaVersions)) expect(isPublicIdentityEventType(type)).toBe(true);
    expect(Object.values(identityEventSchemaVersions).every((version) => version === 1)).toBe(true);
    expect(isPublicIdentityEventType('toString')).toBe(false);
  });

  it('validates deactivation and reactivation, the reason being null when none was given', () => {
    const deactivated = { userId: 'u', reason: null, deactivatedBy: 'admin', deactivatedAt: '2026-11-29T10:00:00.000Z' };
    expect(validateIdentityEvent({ type: 'UserDeactivated', data: deactivated })).toEqual([]);
    expect(validateIdentityEvent({ type: 'UserDeactivated', data: { ...deactivated, reason: 'left' } })).toEqual([]);
    expect(validateIdentityEvent({ type: 'UserDeactivated', data: { ...deactivated, reason: 3 } })).toEqual(['reason must be string|null']);
    const reactivated = { userId: 'u', reactivatedBy: 'admin', reactivatedAt: '2026-11-29T11:00:00.000Z' };
    expect(validateIdentityEvent({ type: 'UserReactivated', data: reactivated })).toEqual([]);
    expect(validateIdentityEvent({ type: 'UserReactivated', data: { userId: 'u', reactivatedAt: 'x' } })).toEqual(['reactivatedBy must be string']);
    expect(identityEventSchemaVersions.UserReactivated).toBe(1);
  });

  it('checks optional and nullable kinds', () => {
    expect(problemsOf({}, { a: 'string?', b: 'object?', c: 'string|null?' })).toEqual([]);
    expect(problemsOf({ a: 1, b: [], c: 2 }, { a: 'string?', b: 'object?', c: 'string|null?' })).toEqual([
      'a must be string?',
      'b must be object?',
      'c must be string|null?',
    ]);
    expect(problemsOf({ n: Number.NaN }, { n: 'number' })).toEqual(['n must be number']);
  });
});
