import type * as contracts from '@weft/contracts';
import { validateIdentityEvent } from '@weft/contracts';
import type * as domain from '@weft/identity-domain';
import { toPublicIdentityEvent } from './public-events.js';
import { type EventData, type Same } from '@weft/testing';

// Type-level sync between identity's own events and its public contracts: each pair
// must be mutually assignable (same fields, same types), the hash aside. A drift is a
// compile error here (the type check runs in CI), not a surprise for consumers.
const inSync: {
  registered: Same<Omit<EventData<domain.UserEvent, 'UserRegistered'>, 'passwordHash'>, contracts.UserRegisteredData>;
  verified: Same<EventData<domain.UserEvent, 'UserEmailVerified'>, contracts.UserEmailVerifiedData>;
  passwordChanged: Same<Omit<EventData<domain.UserEvent, 'UserPasswordChanged'>, 'passwordHash'>, contracts.UserPasswordChangedData>;
  profile: Same<EventData<domain.UserEvent, 'UserProfileUpdated'>, contracts.UserProfileUpdatedData>;
  currentOrganization: Same<EventData<domain.UserEvent, 'UserCurrentOrganizationChanged'>, contracts.UserCurrentOrganizationChangedData>;
  platformRole: Same<EventData<domain.UserEvent, 'UserPlatformRoleChanged'>, contracts.UserPlatformRoleChangedData>;
  deactivated: Same<EventData<domain.UserEvent, 'UserDeactivated'>, contracts.UserDeactivatedData>;
  reactivated: Same<EventData<domain.UserEvent, 'UserReactivated'>, contracts.UserReactivatedData>;
  apiKeyCreated: Same<EventData<domain.ApiKeyEvent, 'ApiKeyCreated'>, contracts.ApiKeyCreatedData>;
  apiKeyRevoked: Same<EventData<domain.ApiKeyEvent, 'ApiKeyRevoked'>, contracts.ApiKeyRevokedData>;
} = {
  registered: true,
  verified: true,
  passwordChanged: true,
  profile: true,
  currentOrganization: true,
  platformRole: true,
  deactivated: true,
  reactivated: true,
  apiKeyCreated: true,
  apiKeyRevoked: true,
};

const metadata = { actorId: 'user-1', correlationId: 'c-1' };
const hash = '$scrypt$ln=17,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
const registered: domain.UserEvent = {
  type: 'UserRegistered',
  data: {
    userId: 'u-1',
    name: 'Ada',
    email: 'ada@example.com',
    platformRole: 'user',
    emailVerified: false,
    passwordHash: hash,
    registeredAt: '2026-11-29T10:00:00.000Z',
  },
};

describe('publishing identity events', () => {
  it('keeps the domain events and the contracts in sync (checked by the compiler)', () => {
    expect(Object.values(inSync).every(Boolean)).toBe(true);
  });

  it('drops the password hash from UserRegistered and UserPasswordChanged', () => {
    const published = toPublicIdentityEvent(registered, metadata);
    expect(published).not.toBeNull();
    expect(JSON.stringify(published)).not.toContain('scrypt');
    expect(validateIdentityEvent(published!)).toEqual([]);
    const changed = toPublicIdentityEvent(
      { type: 'UserPasswordChanged', data: { userId: 'u-1', reason: 'reset', passwordHash: hash, changedAt: 'x' } },
      metadata,
    );
    expect(changed?.data).toEqual({ userId: 'u-1', reason: 'reset', changedAt: 'x' });
  });

  it('never publishes the token-hash and session events', () => {
    const requested: domain.UserEvent = {
      type: 'UserPasswordResetRequested',
      data: { userId: 'u-1', tokenHash: 'a'.repeat(64), expiresAt: 'x', requestedAt: 'x' },
    };
    expect(toPublicIdentityEvent(requested, metadata)).toBeNull();
    const rotated: domain.RefreshTokenFamilyEvent = {
      type: 'RefreshTokenRotated',
      data: { familyId: 'f', previousTokenHash: 'a'.repeat(64), tokenHash: 'b'.repeat(64), expiresAt: 'x', rotatedAt: 'x' },
    };
    expect(toPublicIdentityEvent(rotated, metadata)).toBeNull();
  });

  it('publishes the other events unchanged, and the contract validator accepts them', () => {
    const created: domain.ApiKeyEvent = {
      type: 'ApiKeyCreated',
      data: {
        apiKeyId: 'k',
        organizationId: 'o',
        name: 'CI',
        prefix: 'weft_ak_abcd',
        keyHash: 'c'.repeat(64),
        createdBy: 'u',
        createdAt: 'x',
        expiresAt: null,
      },
    };
    const published = toPublicIdentityEvent(created, metadata);
    expect(published).toEqual({ ...created, metadata });
    expect(validateIdentityEvent(published!)).toEqual([]);
    const lifecycle: domain.UserEvent[] = [
      { type: 'UserDeactivated', data: { userId: 'u-1', reason: 'left', deactivatedBy: 'u-2', deactivatedAt: 'x' } },
      { type: 'UserReactivated', data: { userId: 'u-1', reactivatedBy: 'u-2', reactivatedAt: 'y' } },
    ];
    for (const event of lifecycle) expect(validateIdentityEvent(toPublicIdentityEvent(event, metadata)!)).toEqual([]);
  });

  it('would catch a raw internal event at the contract validator', () => {
    expect(validateIdentityEvent(registered)).toEqual(['passwordHash is not part of the contract']);
  });
});
