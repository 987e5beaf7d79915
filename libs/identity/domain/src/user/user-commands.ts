import { type ActorCommand, type Command } from '@weft/kernel';
import { type PlatformRole } from '../platform-roles.js';

/** A single-use link: the sha256 of the token mailed to the user, and when it dies. */
export interface IssuedToken {
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/**
 * Sign-up. `passwordHash` is computed by the caller after `assertPasswordAcceptable`;
 * email uniqueness is the caller's check too (an aggregate sees one user only).
 * `platformRole` other than `user` is for the configured super-admin bootstrap only.
 */
export type RegisterUser = Command<
  'RegisterUser',
  { userId: string; name: string; email: string; passwordHash: string; platformRole?: PlatformRole; emailVerification?: IssuedToken }
>;
export type RequestEmailVerification = Command<'RequestEmailVerification', IssuedToken>;
/** Unauthenticated: holding the token is the proof. */
export type VerifyEmail = Command<'VerifyEmail', { tokenHash: string }>;
/** Unauthenticated; the feature answers the same whether or not the email exists. */
export type RequestPasswordReset = Command<'RequestPasswordReset', IssuedToken>;
export type ResetPassword = Command<'ResetPassword', { tokenHash: string; passwordHash: string }>;
/** By the user themselves, after the feature checked the current password (`change`) or at login (`rehash`). */
export type ChangePassword = ActorCommand<'ChangePassword', { passwordHash: string; reason: 'change' | 'rehash' }>;
export type UpdateProfile = ActorCommand<'UpdateProfile', { name: string }>;
/** Membership of the organization is checked by the caller against tenancy's read model. */
export type ChangeCurrentOrganization = ActorCommand<'ChangeCurrentOrganization', { organizationId: string | null }>;
/** `actorPlatformRole` comes from the actor's verified token, not from the request body. */
export type ChangePlatformRole = ActorCommand<'ChangePlatformRole', { role: PlatformRole; actorPlatformRole: PlatformRole }>;
/**
 * By a super admin only, never on themselves; `actorPlatformRole` is the actor's current
 * platform role as the access check established it. Deactivating twice decides nothing.
 */
export type DeactivateUser = ActorCommand<'DeactivateUser', { reason?: string | null; actorPlatformRole: PlatformRole }>;
/** Undoes `DeactivateUser` (super admins only); reactivating an active account decides nothing. */
export type ReactivateUser = ActorCommand<'ReactivateUser', { actorPlatformRole: PlatformRole }>;

/** Every command of the User aggregate. */
export type UserCommand =
  | RegisterUser
  | RequestEmailVerification
  | VerifyEmail
  | RequestPasswordReset
  | ResetPassword
  | ChangePassword
  | UpdateProfile
  | ChangeCurrentOrganization
  | ChangePlatformRole
  | DeactivateUser
  | ReactivateUser;
