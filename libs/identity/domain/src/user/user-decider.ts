import { type Decider, UserError, requireSha256Hex, requireText } from '@weft/kernel';
import { HASH_MALFORMED, requireFuture } from '../commands.js';
import { parseEmail } from '../email.js';
import { type PlatformRole } from '../platform-roles.js';
import {
  type ChangePassword,
  type ChangePlatformRole,
  type DeactivateUser,
  type ReactivateUser,
  type RegisterUser,
  type ResetPassword,
  type UpdateProfile,
  type UserCommand,
  type VerifyEmail,
} from './user-commands.js';
import { type UserEvent } from './user-events.js';
import { type ExistingUser, type PendingToken, type UserState, evolveUser, initialUserState } from './user-state.js';

/** Longest display name. */
export const USER_NAME_MAX_LENGTH = 100;
/** Longest reason a super admin may give for a deactivation. */
export const DEACTIVATION_REASON_MAX_LENGTH = 500;

// A PHC-style string (`$scrypt$ln=17,r=8,p=1$salt$hash`): refusing anything else keeps a
// plaintext password from ever being written to a stream by a caller's mistake.
const PHC_HASH = /^\$[a-z0-9-]+\$\S+\$\S+$/;

/** Decides the User aggregate's events. Time comes from `command.metadata.now`. */
export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  if (command.type === 'RegisterUser') return register(command, state);
  if (state.status === 'unregistered') throw new UserError('not_found', 'user.not_found', 'No such user.');
  if (command.type === 'DeactivateUser') return deactivate(command, state);
  if (command.type === 'ReactivateUser') return reactivate(command, state);
  if (state.status === 'deactivated') throw new UserError('forbidden', 'user.deactivated', 'This account is deactivated.');
  const userId = state.userId;
  const now = command.metadata.now.toISOString();
  switch (command.type) {
    case 'RequestEmailVerification':
      if (state.emailVerified) return [];
      return [
        { type: 'UserEmailVerificationRequested', data: { userId, email: state.email, ...issued(command.data, command.metadata.now, 'emailVerification') } },
      ];
    case 'VerifyEmail':
      return verifyEmail(command, state);
    case 'RequestPasswordReset':
      return [{ type: 'UserPasswordResetRequested', data: { userId, ...issued(command.data, command.metadata.now, 'passwordReset') } }];
    case 'ResetPassword':
      return resetPassword(command, state);
    case 'ChangePassword':
      return changePassword(command, state);
    case 'UpdateProfile':
      return updateProfile(command, state);
    case 'ChangeCurrentOrganization':
      requireSelf(command.metadata.actorId, state);
      if (state.currentOrganizationId === command.data.organizationId) return [];
      return [{ type: 'UserCurrentOrganizationChanged', data: { userId, organizationId: command.data.organizationId, changedAt: now } }];
    case 'ChangePlatformRole':
      return changePlatformRole(command, state);
  }
}

/** The User aggregate as a decider. */
export const userDecider = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
} satisfies Decider<UserState, UserCommand, UserEvent>;

function register(command: RegisterUser, state: UserState): UserEvent[] {
  if (state.status !== 'unregistered') throw new UserError('conflict', 'user.already_registered', 'This user is already registered.');
  const { userId, emailVerification } = command.data;
  const name = requireText(command.data.name, 'name', USER_NAME_MAX_LENGTH, 'user.name_invalid');
  const email = parseEmail(command.data.email);
  const passwordHash = requirePasswordHash(command.data.passwordHash);
  const registeredAt = command.metadata.now.toISOString();
  const platformRole = command.data.platformRole ?? 'user';
  const events: UserEvent[] = [{ type: 'UserRegistered', data: { userId, name, email, platformRole, emailVerified: false, passwordHash, registeredAt } }];
  if (emailVerification) {
    events.push({ type: 'UserEmailVerificationRequested', data: { userId, email, ...issued(emailVerification, command.metadata.now, 'emailVerification') } });
  }
  return events;
}

function verifyEmail(command: VerifyEmail, state: ExistingUser): UserEvent[] {
  spendToken(state.pendingEmailVerification, command.data.tokenHash, command.metadata.now, 'user.verification_token');
  return [{ type: 'UserEmailVerified', data: { userId: state.userId, email: state.email, verifiedAt: command.metadata.now.toISOString() } }];
}

function resetPassword(command: ResetPassword, state: ExistingUser): UserEvent[] {
  spendToken(state.pendingPasswordReset, command.data.tokenHash, command.metadata.now, 'user.reset_token');
  const passwordHash = requirePasswordHash(command.data.passwordHash);
  return [{ type: 'UserPasswordChanged', data: { userId: state.userId, reason: 'reset', passwordHash, changedAt: command.metadata.now.toISOString() } }];
}

function changePassword(command: ChangePassword, state: ExistingUser): UserEvent[] {
  requireSelf(command.metadata.actorId, state);
  const passwordHash = requirePasswordHash(command.data.passwordHash);
  if (passwordHash === state.passwordHash) return [];
  return [
    { type: 'UserPasswordChanged', data: { userId: state.userId, reason: command.data.reason, passwordHash, changedAt: command.metadata.now.toISOString() } },
  ];
}

function updateProfile(command: UpdateProfile, state: ExistingUser): UserEvent[] {
  requireSelf(command.metadata.actorId, state);
  const name = requireText(command.data.name, 'name', USER_NAME_MAX_LENGTH, 'user.name_invalid');
  if (name === state.name) return [];
  return [{ type: 'UserProfileUpdated', data: { userId: state.userId, name, updatedAt: command.metadata.now.toISOString() } }];
}

function changePlatformRole(command: ChangePlatformRole, state: ExistingUser): UserEvent[] {
  const { actorId } = command.metadata;
  if (command.data.actorPlatformRole !== 'super_admin')
    throw new UserError('forbidden', 'user.platform_role_forbidden', 'Only a super admin may change platform roles.');
  // Keeps the platform from losing its last super admin by a self-demotion.
  if (actorId === state.userId) throw new UserError('forbidden', 'user.own_platform_role', 'You cannot change your own platform role.');
  if (command.data.role === state.platformRole) return [];
  const data = { userId: state.userId, from: state.platformRole, to: command.data.role, changedBy: actorId, changedAt: command.metadata.now.toISOString() };
  return [{ type: 'UserPlatformRoleChanged', data }];
}

function deactivate(command: DeactivateUser, state: ExistingUser): UserEvent[] {
  const { actorId } = command.metadata;
  requireSuperAdmin(command.data.actorPlatformRole, 'user.deactivation_forbidden', 'Only a super admin may deactivate accounts.');
  // Keeps the platform from locking out its last super admin, and nobody out by a slip.
  if (actorId === state.userId) throw new UserError('forbidden', 'user.own_deactivation', 'You cannot deactivate your own account.');
  const reason = command.data.reason?.trim() || null;
  if (reason !== null && reason.length > DEACTIVATION_REASON_MAX_LENGTH) {
    const message = `must be at most ${DEACTIVATION_REASON_MAX_LENGTH} characters`;
    throw new UserError('validation', 'user.deactivation_reason_invalid', `reason ${message}.`, { errors: [{ field: 'reason', message }] });
  }
  if (state.status === 'deactivated') return [];
  return [{ type: 'UserDeactivated', data: { userId: state.userId, reason, deactivatedBy: actorId, deactivatedAt: command.metadata.now.toISOString() } }];
}

function reactivate(command: ReactivateUser, state: ExistingUser): UserEvent[] {
  requireSuperAdmin(command.data.actorPlatformRole, 'user.reactivation_forbidden', 'Only a super admin may reactivate accounts.');
  if (state.status === 'active') return [];
  return [
    { type: 'UserReactivated', data: { userId: state.userId, reactivatedBy: command.metadata.actorId, reactivatedAt: command.metadata.now.toISOString() } },
  ];
}

function requireSuperAdmin(role: PlatformRole, code: string, message: string): void {
  if (role !== 'super_admin') throw new UserError('forbidden', code, message);
}

function issued(token: { tokenHash: string; expiresAt: Date }, now: Date, field: string): { tokenHash: string; expiresAt: string; requestedAt: string } {
  const tokenHash = requireSha256Hex(token.tokenHash, `${field}.tokenHash`, HASH_MALFORMED);
  const expiresAt = requireFuture(token.expiresAt, now, `${field}.expiresAt`, 'identity.token_expiry_invalid');
  return { tokenHash, expiresAt, requestedAt: now.toISOString() };
}

/**
 * A single-use token is accepted once, before it expires, and only the latest one
 * issued. Plain string comparison is fine here: the caller found this user by the same
 * hash, so the comparison leaks nothing an attacker does not already hold.
 */
function spendToken(pending: PendingToken | null, tokenHash: string, now: Date, code: string): void {
  if (pending === null || pending.tokenHash !== tokenHash)
    throw new UserError('validation', `${code}_invalid`, 'This link is not valid (or was already used).');
  if (now.getTime() >= Date.parse(pending.expiresAt)) throw new UserError('validation', `${code}_expired`, 'This link has expired; request a new one.');
}

function requireSelf(actorId: string, state: ExistingUser): void {
  if (actorId !== state.userId) throw new UserError('forbidden', 'user.not_self', 'Only the user themselves may do this.');
}

function requirePasswordHash(passwordHash: string): string {
  if (!PHC_HASH.test(passwordHash)) throw new UserError('validation', 'user.password_hash_malformed', 'The password hash is not a PHC string.');
  return passwordHash;
}
