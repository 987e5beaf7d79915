import { type Command, type Decider, type DomainEvent } from '@weft/kernel';
import { requireFuture } from '../commands.js';

/** Why every session of a user ended at once. */
export type UserSessionsRevocationReason = 'password_changed' | 'user_deactivated';

// Internal to identity (a user's sessions are its own business): never published.
export type UserSessionOpened = DomainEvent<'UserSessionOpened', { userId: string; familyId: string; familyExpiresAt: string; openedAt: string }>;
export type UserSessionsRevoked = DomainEvent<
  'UserSessionsRevoked',
  { userId: string; familyIds: string[]; reason: UserSessionsRevocationReason; revokedAt: string }
>;
/** Every event of a user's session index. */
export type UserSessionsEvent = UserSessionOpened | UserSessionsRevoked;

/** Written before the family's own stream starts, so every family that exists is listed. */
export type OpenUserSession = Command<'OpenUserSession', { userId: string; familyId: string; familyExpiresAt: Date }>;
/** Names every live family; the caller then revokes each family stream. */
export type RevokeUserSessions = Command<'RevokeUserSessions', { userId: string; reason: UserSessionsRevocationReason }>;
export type UserSessionsCommand = OpenUserSession | RevokeUserSessions;

/** A family listed in the index, with its absolute expiry (ISO 8601). */
export interface ListedSession {
  readonly familyId: string;
  readonly familyExpiresAt: string;
}

/** The live sessions of one user: opened, not revoked, not past their family expiry. */
export interface UserSessionsState {
  readonly sessions: readonly ListedSession[];
}

/**
 * Decides a user's session index: the list of refresh-token families that "revoke every
 * session" (a password reset) has to end. The family streams stay the authority over
 * each session; this stream only answers "which families does this user have".
 */
export function decideUserSessions(command: UserSessionsCommand, state: UserSessionsState): UserSessionsEvent[] {
  const now = command.metadata.now;
  const { userId } = command.data;
  switch (command.type) {
    case 'OpenUserSession': {
      if (state.sessions.some((session) => session.familyId === command.data.familyId)) return [];
      const familyExpiresAt = requireFuture(command.data.familyExpiresAt, now, 'familyExpiresAt', 'auth.refresh_expiry_invalid');
      return [{ type: 'UserSessionOpened', data: { userId, familyId: command.data.familyId, familyExpiresAt, openedAt: now.toISOString() } }];
    }
    case 'RevokeUserSessions': {
      const familyIds = live(state.sessions, now.toISOString()).map((session) => session.familyId);
      if (familyIds.length === 0) return [];
      return [{ type: 'UserSessionsRevoked', data: { userId, familyIds, reason: command.data.reason, revokedAt: now.toISOString() } }];
    }
  }
}

/** Applies one event; sessions past their family expiry are dropped as time passes, so the state stays small. */
export function evolveUserSessions(state: UserSessionsState, event: UserSessionsEvent): UserSessionsState {
  switch (event.type) {
    case 'UserSessionOpened': {
      const { familyId, familyExpiresAt, openedAt } = event.data;
      return { sessions: [...live(state.sessions, openedAt), { familyId, familyExpiresAt }] };
    }
    case 'UserSessionsRevoked': {
      const revoked = new Set(event.data.familyIds);
      return { sessions: live(state.sessions, event.data.revokedAt).filter((session) => !revoked.has(session.familyId)) };
    }
  }
}

/** A user's session index (one stream per user) as a decider. */
export const userSessionsDecider = {
  decide: decideUserSessions,
  evolve: evolveUserSessions,
  initialState: (): UserSessionsState => ({ sessions: [] }),
} satisfies Decider<UserSessionsState, UserSessionsCommand, UserSessionsEvent>;

function live(sessions: readonly ListedSession[], at: string): ListedSession[] {
  const now = Date.parse(at);
  return sessions.filter((session) => Date.parse(session.familyExpiresAt) > now);
}
