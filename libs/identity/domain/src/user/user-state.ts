import { type PlatformRole } from '../platform-roles.js';
import { type UserEvent } from './user-events.js';

/** A pending single-use token, as its hash and expiry (ISO 8601). */
export interface PendingToken {
  readonly tokenHash: string;
  readonly expiresAt: string;
}

/** A user that exists: active or deactivated. */
export interface ExistingUser {
  readonly status: 'active' | 'deactivated';
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly platformRole: PlatformRole;
  readonly emailVerified: boolean;
  readonly passwordHash: string;
  readonly currentOrganizationId: string | null;
  readonly pendingEmailVerification: PendingToken | null;
  readonly pendingPasswordReset: PendingToken | null;
}

/** The User aggregate's state: nothing before registration. */
export type UserState = { readonly status: 'unregistered' } | ExistingUser;

/** The state of a stream with no events. */
export const initialUserState = (): UserState => ({ status: 'unregistered' });

/** Applies one event; events on an unregistered user are ignored (they cannot be decided). */
export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') return registered(event.data);
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'UserEmailVerificationRequested':
      return { ...state, pendingEmailVerification: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt } };
    case 'UserEmailVerified':
      return { ...state, emailVerified: true, pendingEmailVerification: null };
    case 'UserPasswordResetRequested':
      return { ...state, pendingPasswordReset: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt } };
    case 'UserPasswordChanged':
      // Any password change spends an outstanding reset link.
      return { ...state, passwordHash: event.data.passwordHash, pendingPasswordReset: null };
    case 'UserProfileUpdated':
      return { ...state, name: event.data.name };
    case 'UserCurrentOrganizationChanged':
      return { ...state, currentOrganizationId: event.data.organizationId };
    case 'UserPlatformRoleChanged':
      return { ...state, platformRole: event.data.to };
    case 'UserDeactivated':
      return { ...state, status: 'deactivated', pendingEmailVerification: null, pendingPasswordReset: null };
    case 'UserReactivated':
      return { ...state, status: 'active' };
  }
}

function registered(data: Extract<UserEvent, { type: 'UserRegistered' }>['data']): ExistingUser {
  return {
    status: 'active',
    userId: data.userId,
    name: data.name,
    email: data.email,
    platformRole: data.platformRole,
    emailVerified: data.emailVerified,
    passwordHash: data.passwordHash,
    currentOrganizationId: null,
    pendingEmailVerification: null,
    pendingPasswordReset: null,
  };
}
