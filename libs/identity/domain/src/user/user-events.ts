import { type DomainEvent } from '@weft/kernel';
import { type PlatformRole } from '../platform-roles.js';

/**
 * The User aggregate's events as stored in identity's own streams. Two differ from
 * the public contracts (`@weft/contracts`): `UserRegistered` and `UserPasswordChanged`
 * carry `passwordHash` (the stream is the source of truth for credentials), and the
 * two `...Requested` events with token hashes are internal only. Publishing goes
 * through a redacting mapper in the identity feature (see docs/identity-tenancy.md).
 */
export type UserRegistered = DomainEvent<
  'UserRegistered',
  { userId: string; name: string; email: string; platformRole: PlatformRole; emailVerified: boolean; passwordHash: string; registeredAt: string }
>;
/** Internal: a verification link was issued; only its sha256 is kept. */
export type UserEmailVerificationRequested = DomainEvent<
  'UserEmailVerificationRequested',
  { userId: string; email: string; tokenHash: string; expiresAt: string; requestedAt: string }
>;
export type UserEmailVerified = DomainEvent<'UserEmailVerified', { userId: string; email: string; verifiedAt: string }>;
/** Internal: a password-reset link was issued; only its sha256 is kept. */
export type UserPasswordResetRequested = DomainEvent<
  'UserPasswordResetRequested',
  { userId: string; tokenHash: string; expiresAt: string; requestedAt: string }
>;
export type PasswordChangeReason = 'change' | 'reset' | 'rehash';
export type UserPasswordChanged = DomainEvent<'UserPasswordChanged', { userId: string; reason: PasswordChangeReason; passwordHash: string; changedAt: string }>;
export type UserProfileUpdated = DomainEvent<'UserProfileUpdated', { userId: string; name: string; updatedAt: string }>;
export type UserCurrentOrganizationChanged = DomainEvent<
  'UserCurrentOrganizationChanged',
  { userId: string; organizationId: string | null; changedAt: string }
>;
export type UserPlatformRoleChanged = DomainEvent<
  'UserPlatformRoleChanged',
  { userId: string; from: PlatformRole; to: PlatformRole; changedBy: string; changedAt: string }
>;
export type UserDeactivated = DomainEvent<'UserDeactivated', { userId: string; reason: string | null; deactivatedBy: string; deactivatedAt: string }>;
export type UserReactivated = DomainEvent<'UserReactivated', { userId: string; reactivatedBy: string; reactivatedAt: string }>;

/** Every event of the User aggregate. */
export type UserEvent =
  | UserRegistered
  | UserEmailVerificationRequested
  | UserEmailVerified
  | UserPasswordResetRequested
  | UserPasswordChanged
  | UserProfileUpdated
  | UserCurrentOrganizationChanged
  | UserPlatformRoleChanged
  | UserDeactivated
  | UserReactivated;
