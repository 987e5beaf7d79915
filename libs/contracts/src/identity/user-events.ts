import { type PublicEvent } from '../public-event.js';

/** Platform-wide roles (not organization roles). */
export type PlatformRole = 'user' | 'admin' | 'super_admin';

/** A user signed up. Never carries the password or its hash (see docs/identity-tenancy.md). */
export const UserRegisteredSchemaVersion = 1;
export interface UserRegisteredData {
  readonly userId: string;
  readonly name: string;
  /** Normalised (trimmed, lower-case). */
  readonly email: string;
  readonly platformRole: PlatformRole;
  readonly emailVerified: boolean;
  readonly registeredAt: string;
}
export type UserRegistered = PublicEvent<'UserRegistered', UserRegisteredData>;

export const UserEmailVerifiedSchemaVersion = 1;
export interface UserEmailVerifiedData {
  readonly userId: string;
  readonly email: string;
  readonly verifiedAt: string;
}
export type UserEmailVerified = PublicEvent<'UserEmailVerified', UserEmailVerifiedData>;

/** Why a password changed: by the user, through a reset link, or re-hashed at login. */
export type PasswordChangeReason = 'change' | 'reset' | 'rehash';

/** The password changed; consumers revoke sessions on `change` and `reset`. No hash here. */
export const UserPasswordChangedSchemaVersion = 1;
export interface UserPasswordChangedData {
  readonly userId: string;
  readonly reason: PasswordChangeReason;
  readonly changedAt: string;
}
export type UserPasswordChanged = PublicEvent<'UserPasswordChanged', UserPasswordChangedData>;

export const UserProfileUpdatedSchemaVersion = 1;
export interface UserProfileUpdatedData {
  readonly userId: string;
  readonly name: string;
  readonly updatedAt: string;
}
export type UserProfileUpdated = PublicEvent<'UserProfileUpdated', UserProfileUpdatedData>;

/** A user preference; `null` clears it. Membership is checked by the caller, not by identity. */
export const UserCurrentOrganizationChangedSchemaVersion = 1;
export interface UserCurrentOrganizationChangedData {
  readonly userId: string;
  readonly organizationId: string | null;
  readonly changedAt: string;
}
export type UserCurrentOrganizationChanged = PublicEvent<'UserCurrentOrganizationChanged', UserCurrentOrganizationChangedData>;

export const UserPlatformRoleChangedSchemaVersion = 1;
export interface UserPlatformRoleChangedData {
  readonly userId: string;
  readonly from: PlatformRole;
  readonly to: PlatformRole;
  readonly changedBy: string;
  readonly changedAt: string;
}
export type UserPlatformRoleChanged = PublicEvent<'UserPlatformRoleChanged', UserPlatformRoleChangedData>;

/**
 * A super admin deactivated the account: its access tokens, refresh tokens and the API
 * keys it created stop working at once (docs/identity-tenancy.md). `reason` is `null`
 * when none was given.
 */
export const UserDeactivatedSchemaVersion = 1;
export interface UserDeactivatedData {
  readonly userId: string;
  readonly reason: string | null;
  readonly deactivatedBy: string;
  readonly deactivatedAt: string;
}
export type UserDeactivated = PublicEvent<'UserDeactivated', UserDeactivatedData>;

/** A deactivated account was reactivated by a super admin; its old sessions stay revoked. */
export const UserReactivatedSchemaVersion = 1;
export interface UserReactivatedData {
  readonly userId: string;
  readonly reactivatedBy: string;
  readonly reactivatedAt: string;
}
export type UserReactivated = PublicEvent<'UserReactivated', UserReactivatedData>;

/** Every public event of the User aggregate. */
export type PublicUserEvent =
  | UserRegistered
  | UserEmailVerified
  | UserPasswordChanged
  | UserProfileUpdated
  | UserCurrentOrganizationChanged
  | UserPlatformRoleChanged
  | UserDeactivated
  | UserReactivated;
